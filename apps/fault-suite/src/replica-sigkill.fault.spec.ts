import { sleep } from '@dua/testing';
import { reportFigures } from './figures';
import { exitOf, ReplicaStack, rpcRetries, startReads, startReplicaStack } from './replica-load';

// One of two crm-service replicas killed (SIGKILL: no drain, its held requests are simply gone) under c=32 reads.
// The gateway hears no keepalive from it for RPC_REPLICA_SILENCE_MS and sends each of those reads once to the
// other replica: no read fails, the slowest waited about the silence bound.
jest.setTimeout(180_000);

describe('a crm-service replica killed with SIGKILL under c=32 reads', () => {
  let replicas: ReplicaStack;

  beforeAll(async () => {
    replicas = await startReplicaStack('Killed replica');
    // Reads hold their replica long enough (~300 ms) that the killed one certainly holds some.
    await replicas.stack.emulator!.faults({ latency_ms: 300 });
  });

  afterAll(() => replicas?.stack.stop());

  it('fails no read: the ones the dead replica held are retried once on the other', async () => {
    const { stack } = replicas;
    const load = await startReads(replicas, 2_000);
    const [victim] = stack.services('crm-service');
    const exited = exitOf(victim);
    victim.kill('SIGKILL');
    await exited;
    await sleep(4_000);
    const figures = await load.stop();

    const retries = await rpcRetries(stack);
    reportFigures('replica-sigkill', {
      concurrency: 32,
      sent: figures.sent,
      failed: figures.failed,
      by_status: figures.byStatus,
      retries,
      slowest_ms: figures.maxMs,
    });
    expect(figures.failures).toEqual([]);
    expect(figures.failed).toBe(0);
    expect(retries['replica_lost']).toBeGreaterThan(0);
    // The slowest read waited for the silence bound (2 s) and a second answer; far from the 30 s RPC timeout.
    expect(figures.maxMs).toBeLessThan(15_000);
  });
});
