import { connect, headers as natsHeaders, Msg } from 'nats';
import { Stack, connectAppOnly, startStack } from '@dua/testing';

type Page = { result: Record<string, unknown>[]; next_cursor: string | null; result_count: number };

/**
 * A frame of a reply as it crosses NATS (libs/service-kit rpc-framing), written out by hand: the e2e tests speak the
 * wire, they do not import the product's code.
 */
function frameHeaders(kind: 'data' | 'final', seq: number, status?: 'ok' | 'error') {
  const headers = natsHeaders();
  headers.set('dua-rpc-frame', kind);
  headers.set('dua-rpc-seq', String(seq));
  if (status) headers.set('dua-rpc-status', status);
  return headers;
}

// A long page crosses the stack as a stream: crm-service sends it in frames as it serializes it, the gateway pipes
// the frames into the HTTP response as they come. What the client gets must be the same bytes as ever, and a reply
// cut short must reach it as a broken response, never as a complete-looking 200.
describe('a 5000-record page streamed through the stack', () => {
  let stack: Stack;
  let apiKey: string;
  let contoso: string;

  const get = (path: string) => fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const contactsPath = (limit: number, cursor?: string) =>
    `/unified/crm/contacts?integrated_account_id=${contoso}&limit=${limit}${cursor ? `&next_cursor=${encodeURIComponent(cursor)}` : ''}`;

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '5100' },
      env: { API_KEY_CACHE_TTL_MS: '0', RPC_REPLICA_SILENCE_MS: '1000' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Streamed pages'));
    contoso = await connectAppOnly(stack, apiKey, 'contoso');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('arrives whole and byte-identical: the compact JSON of the same records that pages of 200 (sent whole) hold', async () => {
    const response = await get(contactsPath(5000));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Streamed: its length was not known when the headers went.
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const text = await response.text();
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    const page = JSON.parse(text) as Page;
    expect(page.result).toHaveLength(5000);
    expect(page.result_count).toBe(5000);
    expect(typeof page.next_cursor).toBe('string');

    const small: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    while (small.length < 5000) {
      const smallResponse = await get(contactsPath(200, cursor));
      expect(smallResponse.status).toBe(200);
      expect(smallResponse.headers.get('content-length')).not.toBeNull();
      const smallPage = (await smallResponse.json()) as Page;
      small.push(...smallPage.result);
      cursor = smallPage.next_cursor ?? undefined;
    }
    expect(page.result.map((record) => JSON.stringify(record))).toEqual(small.map((record) => JSON.stringify(record)));

    const rest = await get(contactsPath(5000, page.next_cursor!));
    expect(((await rest.json()) as Page).result).toHaveLength(100);
  });

  it('breaks the response, never a short 200, when the replica dies midway through the page', async () => {
    for (const replica of stack.services('crm-service')) await stack.stopService(replica);
    // A crm-service replica that starts a page, then dies (its connection gone, as after SIGKILL).
    const replica = await connect(stack.natsOptions('crm-service'));
    const encoder = new TextEncoder();
    let received = 0;
    replica.subscribe('crm.contacts.list', {
      queue: 'crm-service',
      callback: (_error, message: Msg) => {
        received++;
        message.respond(encoder.encode('{"result":[{"id":"a"},'), { headers: frameHeaders('data', 0, 'ok') });
        message.respond(encoder.encode('{"id":"b"},'), { headers: frameHeaders('data', 1) });
        void replica.flush().then(() => replica.close());
      },
    });
    await replica.flush();

    const started = Date.now();
    const response = await get(contactsPath(5000));
    // The status went with the first chunk; the body then breaks off instead of ending.
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(received).toBe(1);
    // The silence bound (1 s), far from the RPC timeout. Generous: the machine is shared.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
