import { Stack, connectAppOnly, sleep, startStack } from '@dua/testing';
import { connectHeadless } from '../../../tools/stack';

/**
 * Disconnecting an account cuts it off at once across every replica: crm-service and directory-service drop the
 * tokens they cached for it before `DELETE /integrated-accounts/{id}` answers, and requests that were running fail.
 */
describe('revocation: a disconnected account is cut off everywhere before DELETE answers', () => {
  let stack: Stack;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startStack({
      // Two replicas of each service that caches tokens, and sync-service (it holds grants too; readiness waits for it).
      services: ['crm-service', 'crm-service', 'directory-service', 'directory-service', 'sync-service'],
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '40' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Revocation tests'));
  });

  afterAll(async () => {
    if (process.env.E2E_DUMP_LOGS) process.stdout.write(stack?.logs.join('\n') ?? '');
    await stack?.stop();
  });

  const READS = ['unified/crm/contacts?limit=5', 'proxy/WhoAmI', 'unified/user-directory/users?limit=5', 'unified/crm/accounts?limit=5'];

  it('lets no request succeed once DELETE has answered while 32 clients read through the account', async () => {
    const accountId = await connectAppOnly(stack, apiKey, 'contoso');
    const get = (path: string) =>
      fetch(`${stack.gatewayUrl}/${path}${path.includes('?') ? '&' : '?'}integrated_account_id=${accountId}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });

    let deletedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const outcomes: { startedAt: number; endedAt: number; status: number; code?: string }[] = [];
    const client = async (index: number) => {
      for (let round = 0; !stop; round++) {
        const startedAt = performance.now();
        const response = await get(READS[(index + round) % READS.length]);
        const body = (await response.json()) as { code?: string };
        outcomes.push({ startedAt, endedAt: performance.now(), status: response.status, code: body.code });
      }
    };
    const clients = Array.from({ length: 32 }, (_, index) => client(index));
    const finished = Promise.all(clients);
    finished.catch(() => undefined); // awaited below; a failure before that is reported there

    // Every replica holds a cached token for the account once a few rounds have succeeded.
    for (const deadline = Date.now() + 20_000; outcomes.filter((outcome) => outcome.status === 200).length < 128 && Date.now() < deadline; ) await sleep(50);
    expect(outcomes.filter((outcome) => outcome.status === 200).length).toBeGreaterThanOrEqual(128);
    const deleteStarted = performance.now();
    const deleted = await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${apiKey}` },
    });
    deletedAt = performance.now();
    expect(deleted.status).toBe(200);
    await sleep(1000);
    stop = true;
    await finished;

    const after = outcomes.filter((outcome) => outcome.startedAt > deletedAt);
    const overlapping = outcomes.filter((outcome) => outcome.startedAt <= deletedAt && outcome.endedAt > deletedAt);
    expect(after.length).toBeGreaterThan(32);
    expect(after.filter((outcome) => outcome.status === 200)).toEqual([]);
    expect(new Set(after.map((outcome) => `${outcome.status} ${outcome.code}`))).toEqual(new Set(['404 NOT_FOUND']));
    // Requests already running when the account was disconnected fail as well, unless they had answered first.
    for (const outcome of overlapping.filter((candidate) => candidate.status !== 200)) expect(outcome).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const acks = stack.logs.find((line) => line.includes(`Integrated account ${accountId} is disconnected:`) && line.includes('replicas dropped'));
    expect(acks).toMatch(/5 replicas dropped its grants/);
    process.stdout.write(
      `revocation: DELETE took ${Math.round(deletedAt - deleteStarted)} ms; ${overlapping.length} requests in flight (${overlapping.filter((o) => o.status === 200).length} answered 200 before the revocation reached them), ${after.length} after: all 404\n`,
    );
  });

  it('serves no page read ahead for a disconnected account: the next page after DELETE is 404', async () => {
    const accountId = await connectAppOnly(stack, apiKey, 'contoso');
    const page = async (cursor?: string) => {
      const response = await fetch(`${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=5${cursor ? `&next_cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      return { status: response.status, body: (await response.json()) as { next_cursor?: string; code?: string } };
    };
    const first = await page();
    // Paging with a cursor: the replica that answers reads the third page ahead, whichever replica the next request reaches.
    const second = await page(first.body.next_cursor);
    expect(second.status).toBe(200);
    await sleep(300);

    const deleted = await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}`, { method: 'DELETE', headers: { authorization: `Bearer ${apiKey}` } });
    expect(deleted.status).toBe(200);

    expect(await page(second.body.next_cursor)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('cuts a needs_reauth account off the same way (NEEDS_REAUTH) once Entra refuses its grant', async () => {
    const emulator = stack.emulator!;
    const upn = (await emulator.config()).users.find((user) => user.org === 'contoso' && !user.is_application_user)!.upn;
    const { result } = (await (
      await fetch(`${stack.gatewayUrl}/link-tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { result: { link_token: string } };
    const connected = await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: result.link_token, upn });
    const accountId = /Integrated account ([0-9a-f-]{36})/.exec(connected.body)?.[1];
    expect(accountId).toBeDefined();
    const get = (path: string) =>
      fetch(`${stack.gatewayUrl}/${path}${path.includes('?') ? '&' : '?'}integrated_account_id=${accountId}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
    for (const path of READS) expect(`${path} ${(await get(path)).status}`).toBe(`${path} 200`);

    await emulator.revoke(upn);
    await emulator.expireTokens();
    const refused = await get('proxy/WhoAmI');
    expect(refused.status).toBe(424);
    expect((await refused.json()).code).toBe('NEEDS_REAUTH');
    expect(stack.logs.some((line) => line.includes(`Integrated account ${accountId} is needs_reauth: 5 replicas dropped its grants`))).toBe(true);
    for (const path of READS) {
      const response = await get(path);
      expect(`${path} ${response.status} ${((await response.json()) as { code: string }).code}`).toBe(`${path} 424 NEEDS_REAUTH`);
    }
  });
});
