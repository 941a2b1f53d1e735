import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A webhook delivery as a receiver saw it: the body exactly as sent (for signature checks) and when it arrived. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** How the receiver answers a delivery: a status and optional headers (default 204). */
export type WebhookAnswer = (request: ReceivedWebhook) => { status: number; headers?: Record<string, string> };

/** A local webhook receiver on 127.0.0.1 for tests and benchmarks; it keeps every request it answered. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly counts = new Map<string, number>();
  private waiters: Array<{ done: () => boolean; resolve: () => void }> = [];
  private server?: Server;
  url = '';

  constructor(private readonly answer: WebhookAnswer = () => ({ status: 204 })) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: performance.now() };
        this.received.push(request);
        this.counts.set(request.path, (this.counts.get(request.path) ?? 0) + 1);
        const { status, headers } = this.answer(request);
        res.writeHead(status, headers).end();
        this.waiters = this.waiters.filter((waiter) => (waiter.done() ? (waiter.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  /** How many requests arrived at `path` (without scanning them: benchmarks wait on it after every request). */
  count(path: string): number {
    return this.counts.get(path) ?? 0;
  }

  /** Resolves once `done()` holds (checked after every request), or fails after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({ done, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
