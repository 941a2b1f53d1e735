import { sleep } from '@dua/testing';
import { reportFigures } from './figures';
import { exitOf, ReplicaStack, rpcRetries, startReads, startReplicaStack } from './replica-load';

// A rolling restart of crm-service under c=32 reads: SIGTERM one of two replicas, start a new one, SIGTERM the other.
// A stopped replica leaves its queue group at once and answers what it holds before it exits, so no read fails.
jest.setTimeout(180_000);

describe('rolling crm-service replicas with SIGTERM under c=32 reads', () => {
  let replicas: ReplicaStack;

  beforeAll(async () => {
    replicas = await startReplicaStack('Rolling replicas');
    // Each read holds its replica ~40 ms in Dataverse: at c=32 every replica holds several when it is stopped.
    await replicas.stack.emulator!.faults({ latency_ms: 40 });
  });

  afterAll(() => replicas?.stack.stop());

  it('loses no request, and each stopped replica exits 0 once it has answered what it held', async () => {
    const { stack } = replicas;
    const load = await startReads(replicas);

    const [first, second] = stack.services('crm-service');
    const firstStop = Date.now();
    const firstEnd = await stack.stopService(first);
    const firstDrainMs = Date.now() - firstStop;

    await stack.startService('crm-service');
    await sleep(1_500);
    const secondStop = Date.now();
    const secondExit = exitOf(second);
    const secondEnd = await stack.stopService(second);
    const secondDrainMs = (await secondExit).at - secondStop;
    await sleep(1_500);
    const figures = await load.stop();

    const retries = await rpcRetries(stack);
    reportFigures('replica-sigterm', {
      concurrency: 32,
      sent: figures.sent,
      failed: figures.failed,
      by_status: figures.byStatus,
      drain_ms: [firstDrainMs, secondDrainMs],
      retries,
      slowest_ms: figures.maxMs,
    });
    expect(figures.failures).toEqual([]);
    expect(figures.failed).toBe(0);
    expect(figures.sent).toBeGreaterThan(100);
    expect([firstEnd, secondEnd]).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    // Nothing was lost, so nothing had to be sent twice because a replica vanished.
    expect(retries['replica_lost'] ?? 0).toBe(0);
    // Generous: the bound is "well within SHUTDOWN_GRACE_MS", not a speed.
    expect(Math.max(firstDrainMs, secondDrainMs)).toBeLessThan(8_000);
    expect(stack.logs.some((line) => line.includes('[crm-service]') && line.includes('Drained in'))).toBe(true);
  });
});
