import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { closeAllPools } from '../transport/http-pool';
import { DataverseClient } from './dataverse-client';
import { DataverseError } from '../errors/dataverse-error';

type ContactRow = { contactid: string; fullname: string };
const ROWS = 1500;
const rowsOf = (count: number): ContactRow[] => Array.from({ length: count }, (_, index) => ({ contactid: `id-${index}`, fullname: `Zoë "{${index}}" \\ Smith` }));

/**
 * A Web API over real HTTP whose collection page is written in small pieces, so the client reads it as it arrives;
 * `answer` decides each request's fate from how many came before it.
 */
class PagedWebApi {
  requests = 0;
  private server?: Server;

  constructor(private readonly answer: (attempt: number, response: ServerResponse, body: Buffer) => void) {}

  static body(rows: ContactRow[]): Buffer {
    return Buffer.from(JSON.stringify({ '@odata.context': 'https://org/$metadata#contacts', '@odata.count': rows.length, value: rows, '@odata.nextLink': 'https://org/next?$skiptoken=2' }));
  }

  async start(): Promise<string> {
    const body = PagedWebApi.body(rowsOf(ROWS));
    this.server = createServer((_request: IncomingMessage, response: ServerResponse) => this.answer(++this.requests, response, body));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/org`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function writeInPieces(response: ServerResponse, body: Buffer, upTo = body.length): void {
  response.writeHead(200, { 'content-type': 'application/json; odata.metadata=minimal' });
  for (let offset = 0; offset < upTo; offset += 7_000) response.write(body.subarray(offset, Math.min(offset + 7_000, upTo)));
  if (upTo === body.length) response.end();
  else setTimeout(() => response.socket?.destroy(), 50); // after the client has read (and mapped) what came
}

describe('a page read as it arrives', () => {
  let api: PagedWebApi | undefined;
  const clientOf = (environmentUrl: string) =>
    new DataverseClient({ environmentUrl, tokens: { getToken: async () => 'token', refresh: async () => 'token' }, userKey: 'streamed-page', retry: { baseDelayMs: 5, maxDelayMs: 20, jitter: 0 } });

  afterEach(async () => {
    await api?.stop();
    await closeAllPools();
  });

  it('maps every row once, in order, and keeps the members around them', async () => {
    api = new PagedWebApi((_attempt, response, body) => writeInPieces(response, body));
    const client = clientOf(await api.start());

    const page = await client.page<ContactRow, string>({ entitySet: 'contacts' }, ROWS, true, (row) => `${row.contactid}|${row.fullname}`);

    expect(page.rows).toEqual(rowsOf(ROWS).map((row) => `${row.contactid}|${row.fullname}`));
    expect(page.nextLink).toBe('https://org/next?$skiptoken=2');
    expect(page.count).toBe(ROWS);
  });

  it('gives the same page as the body read whole and mapped after', async () => {
    api = new PagedWebApi((_attempt, response, body) => writeInPieces(response, body));
    const client = clientOf(await api.start());
    const map = (row: ContactRow) => ({ id: row.contactid, name: row.fullname });

    const streamed = await client.page<ContactRow, { id: string; name: string }>({ entitySet: 'contacts' }, ROWS, true, map);
    const whole = await client.page<ContactRow>({ entitySet: 'contacts' }, ROWS, true);

    expect(streamed).toEqual({ ...whole, rows: whole.rows.map(map) });
  });

  it('reads the page again when the network cuts the body off, and keeps only the complete read', async () => {
    api = new PagedWebApi((attempt, response, body) => writeInPieces(response, body, attempt === 1 ? Math.floor(body.length / 2) : body.length));
    const client = clientOf(await api.start());
    const mapped: string[] = [];

    const page = await client.page<ContactRow, string>({ entitySet: 'contacts' }, ROWS, true, (row) => (mapped.push(row.contactid), row.contactid));

    expect(api.requests).toBe(2);
    expect(mapped.length).toBeGreaterThan(ROWS); // the first read's rows were mapped, then dropped
    expect(page.rows).toEqual(rowsOf(ROWS).map((row) => row.contactid));
  });

  it('passes a mapper\'s own failure on at once: it is not the network\'s, so nothing is retried', async () => {
    api = new PagedWebApi((_attempt, response, body) => writeInPieces(response, body));
    const client = clientOf(await api.start());
    const bug = new TypeError('a mapper bug');

    const read = client.page<ContactRow, string>({ entitySet: 'contacts' }, ROWS, true, (row) => {
      if (row.contactid === 'id-1200') throw bug;
      return row.contactid;
    });

    await expect(read).rejects.toBe(bug);
    expect(api.requests).toBe(1);
  });

  it('reads an error answer to a large page as Dataverse\'s error, as for any request', async () => {
    api = new PagedWebApi((_attempt, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: '0x80060888', message: "Could not find a property named 'nope'." } }));
    });
    const client = clientOf(await api.start());

    const read = client.page<ContactRow, string>({ entitySet: 'contacts' }, ROWS, true, (row) => row.contactid);

    await expect(read).rejects.toBeInstanceOf(DataverseError);
    await expect(read).rejects.toMatchObject({ message: expect.stringContaining("Could not find a property named 'nope'.") });
  });
});
