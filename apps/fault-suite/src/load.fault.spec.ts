import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLoad } from './load';

// The load driver the scenarios trust to count failures: checked against a server that fails every third request.
describe('startLoad', () => {
  let server: Server;
  let url: string;
  let served = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      served++;
      if (served % 3 === 0) response.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"code":"SERVICE_UNAVAILABLE"}');
      else response.writeHead(200).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('counts every answer by status and keeps the failures’ bodies', async () => {
    const load = startLoad(4, () => fetch(url));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const figures = await load.stop();
    expect(figures.sent).toBe(served);
    expect(figures.ok + figures.failed).toBe(figures.sent);
    expect(figures.byStatus['503']).toBe(figures.failed);
    expect(figures.failed).toBeGreaterThanOrEqual(Math.floor(served / 3) - 1);
    expect(figures.failures[0]).toContain('503 {"code":"SERVICE_UNAVAILABLE"}');
  });

  it('counts a refused connection as a failure, not a crash', async () => {
    const load = startLoad(2, () => fetch('http://127.0.0.1:9/'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const figures = await load.stop();
    expect(figures.ok).toBe(0);
    expect(figures.byStatus['error']).toBe(figures.sent);
  });
});
