import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, connectAppOnly, sleep, startStack } from '@dua/testing';
import { ChildProcesses, startPrivatePostgres } from '../../../tools/stack';
import { startLoad } from './load';
import { reportFigures } from './figures';
import { apiGet, contactsOf } from './api';

const OUTAGE_MS = 5_000;

/**
 * Postgres stopped under read load and started again. The suite's Postgres is shared with other tests and is never
 * touched: this scenario runs the stack on a private embedded Postgres of its own. While it is down, reads keep
 * answering 200 (the gateway's cached API keys, crm-service's cached tokens); what needs the database answers a clear
 * problem, fast; once it is back, auth-service serves from it again without a restart.
 */
describe('fault: Postgres restarted under read load', () => {
  let stack: Stack;
  const children = new ChildProcesses();
  let postgres: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let dataDir: string;
  let apiKey: string;
  let account: string;

  const read = () => apiGet(stack, apiKey, contactsOf(account, 2));
  /** Needs auth-service's database: the list of integrated accounts. */
  const listAccounts = () => apiGet(stack, apiKey, '/integrated-accounts?limit=1');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dua-fault-pg-'));
    postgres = await startPrivatePostgres(children, dataDir);
    stack = await startStack({
      databaseAdminUrl: postgres.adminUrl,
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '20', EMULATOR_SEED_USERS: '3' },
      // Keys are trusted for a minute without asking auth-service again: reads need no database meanwhile.
      env: { API_KEY_CACHE_TTL_MS: '60000' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Postgres restart'));
    account = await connectAppOnly(stack, apiKey, 'contoso');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await postgres?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps reads working while Postgres is down, and auth-service serves again once it is back', async () => {
    expect((await read()).status).toBe(200);
    expect((await listAccounts()).status).toBe(200);

    const load = startLoad(4, read);
    await sleep(1_000);
    const stoppedAt = Date.now();
    await postgres.stop();
    await sleep(500);
    const needsDatabaseStarted = Date.now();
    const needsDatabase = await listAccounts();
    const needsDatabaseMs = Date.now() - needsDatabaseStarted;
    const needsDatabaseBody = (await needsDatabase.json()) as { code?: string };
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    const duringOutage = load.figures();
    await postgres.start();
    const restartedAt = Date.now();
    let back = await listAccounts();
    while (back.status !== 200 && Date.now() - restartedAt < 20_000) {
      await sleep(200);
      back = await listAccounts();
    }
    const timeToFirst200Ms = Date.now() - restartedAt;
    const figures = await load.stop();

    reportFigures('postgres-restart', {
      outage_ms: restartedAt - stoppedAt,
      reads: { sent: figures.sent, failed: figures.failed, slowest_ms: figures.maxMs },
      reads_during_outage: { sent: duringOutage.sent, failed: duringOutage.failed },
      database_request_during_outage: { status: needsDatabase.status, code: needsDatabaseBody.code, ms: needsDatabaseMs },
      auth_time_to_first_200_ms: timeToFirst200Ms,
    });

    expect(figures.failures).toEqual([]);
    expect(figures.failed).toBe(0);
    expect(duringOutage.sent).toBeGreaterThan(0);
    // What needs the database fails clearly (a problem, not a 500, not a hang).
    expect([502, 503]).toContain(needsDatabase.status);
    expect(needsDatabaseMs).toBeLessThan(10_000);
    expect(back.status).toBe(200);
  }, 90_000);
});
