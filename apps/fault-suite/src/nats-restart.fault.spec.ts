import { Stack, connectAppOnly, sleep, startStack } from '@dua/testing';
import { startLoad } from './load';
import { reportFigures } from './figures';
import { apiGet, contactsOf } from './api';

const RPC_TIMEOUT_MS = 10_000;
const OUTAGE_MS = 3_000;
const CONCURRENCY = 8;

interface Answer {
  sentAt: number;
  status: number | 'error';
  ms: number;
}

/**
 * NATS killed under load and started again on the same port: requests sent while it is down answer 503 at once (the
 * gateway knows it is cut off; it does not wait for the RPC timeout), and everything recovers without restarting an
 * app (every client reconnects by itself).
 */
describe('fault: NATS restarted under load', () => {
  let stack: Stack;
  let apiKey: string;
  let account: string;

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '20', EMULATOR_SEED_USERS: '3' },
      env: { API_KEY_CACHE_TTL_MS: '60000', RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'NATS restart'));
    account = await connectAppOnly(stack, apiKey, 'contoso');
  }, 120_000);

  afterAll(() => stack?.stop());

  it('answers 503 fast during the outage and recovers by itself', async () => {
    const answers: Answer[] = [];
    const read = async () => {
      const sentAt = Date.now();
      try {
        const response = await apiGet(stack, apiKey, contactsOf(account, 2));
        answers.push({ sentAt, status: response.status, ms: Date.now() - sentAt });
        return response;
      } catch (error) {
        answers.push({ sentAt, status: 'error', ms: Date.now() - sentAt });
        throw error;
      }
    };
    expect((await read()).status).toBe(200);

    const load = startLoad(CONCURRENCY, read);
    await sleep(2_000);
    const killedAt = Date.now();
    await stack.killNats();
    await sleep(OUTAGE_MS);
    await stack.startNats();
    const restartedAt = Date.now();
    // Recovery: the first 200 answered to a request sent after the restart.
    while (!answers.some((answer) => answer.sentAt >= restartedAt && answer.status === 200) && Date.now() - restartedAt < 30_000) await sleep(50);
    const firstOk = answers.filter((answer) => answer.sentAt >= restartedAt && answer.status === 200).sort((a, b) => a.sentAt + a.ms - (b.sentAt + b.ms))[0];
    await sleep(2_000);
    const figures = await load.stop();

    // Sent while NATS was down (after the gateway could notice: its client learns of the loss within a few ms).
    const duringOutage = answers.filter((answer) => answer.sentAt >= killedAt + 500 && answer.sentAt < restartedAt);
    // In flight when NATS died: their replies are lost with the server (the gateway fails them on the disconnect).
    const inFlightAtKill = answers.filter((answer) => answer.sentAt < killedAt && answer.sentAt + answer.ms > killedAt && answer.status !== 200);
    const afterRecovery = answers.filter((answer) => firstOk && answer.sentAt > firstOk.sentAt + firstOk.ms);

    reportFigures('nats-restart', {
      outage_ms: restartedAt - killedAt,
      sent: figures.sent,
      failed: figures.failed,
      by_status: figures.byStatus,
      sent_during_outage: duringOutage.length,
      failed_during_outage: duringOutage.filter((answer) => answer.status !== 200).length,
      slowest_during_outage_ms: Math.max(0, ...duringOutage.map((answer) => answer.ms)),
      in_flight_at_kill_failed: inFlightAtKill.length,
      in_flight_at_kill_slowest_ms: Math.max(0, ...inFlightAtKill.map((answer) => answer.ms)),
      time_to_first_200_ms: firstOk ? firstOk.sentAt + firstOk.ms - restartedAt : null,
      failed_after_recovery: afterRecovery.filter((answer) => answer.status !== 200).length,
    });

    expect(duringOutage.length).toBeGreaterThan(0);
    for (const answer of duringOutage) {
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(1_000);
    }
    // In flight at the kill: failed as soon as the gateway lost its connection, not at the RPC timeout.
    for (const answer of inFlightAtKill) expect(answer.ms).toBeLessThan(RPC_TIMEOUT_MS / 2);
    expect(firstOk).toBeDefined();
    expect(firstOk!.sentAt + firstOk!.ms - restartedAt).toBeLessThan(15_000);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(afterRecovery.filter((answer) => answer.status !== 200)).toEqual([]);
  }, 90_000);
});
