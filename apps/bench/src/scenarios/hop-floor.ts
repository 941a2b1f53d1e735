import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ChildProcesses, freePort, waitForLine, waitForPort } from '../../../../tools/stack';
import { WORKSPACE } from '../workspace';

/**
 * The hop floor: the least a read shaped like ours (an HTTP front, a NATS request, a service that calls Dataverse) can
 * cost on this machine. A skeleton with the product's shape and none of its work: a bare node:http server that sends
 * each request on over its own nats-server, and a bare service that fetches the page with undici (the same query and
 * annotations crm-service asks for), parses it and replies with its rows serialized again (apps/bench/hop-floor).
 * No Nest, routing, authentication, validation, mapping, cursor, logging or metrics. What the product spends above the
 * hop floor is ours to cut; a goal the hop floor itself misses cannot be met by any gateway → NATS → service read on
 * this machine, however lean.
 */
export class HopFloor {
  private constructor(
    private readonly children: ChildProcesses,
    readonly url: string,
    private readonly named: { name: string; child: ChildProcess }[],
  ) {}

  static async start(pageUrl: string, pageHeaders: Record<string, string>): Promise<HopFloor> {
    const children = new ChildProcesses();
    try {
      const natsPort = await freePort();
      const nats = children.start('hop-floor nats', 'nats-server', ['-a', '127.0.0.1', '-p', String(natsPort)], { infrastructure: true });
      await waitForPort(natsPort);
      const env = { PATH: process.env['PATH'], NATS_URL: `nats://127.0.0.1:${natsPort}`, HOP_FLOOR_SUBJECT: 'hop-floor.page' };
      const service = children.start('hop-floor service', process.execPath, [join(WORKSPACE, 'apps/bench/hop-floor/service.mjs')], {
        env: { ...env, HOP_FLOOR_PAGE_URL: pageUrl, HOP_FLOOR_PAGE_HEADERS: JSON.stringify(pageHeaders) },
      });
      await waitForLine(service, (line) => line.includes('subscribed'));
      const port = await freePort();
      const gateway = children.start('hop-floor gateway', process.execPath, [join(WORKSPACE, 'apps/bench/hop-floor/gateway.mjs')], { env: { ...env, PORT: String(port) } });
      await waitForPort(port);
      return new HopFloor(children, `http://127.0.0.1:${port}/`, [
        { name: 'hop-floor gateway', child: gateway },
        { name: 'hop-floor service', child: service },
        { name: 'hop-floor nats-server', child: nats },
      ]);
    } catch (error) {
      await children.stopAll();
      throw error;
    }
  }

  /** Its processes by name, for CPU readings. */
  processes(): { name: string; child: ChildProcess }[] {
    return this.named;
  }

  stop(): Promise<void> {
    return this.children.stopAll();
  }
}
