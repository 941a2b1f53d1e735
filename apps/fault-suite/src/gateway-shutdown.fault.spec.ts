import { connect as connectTcp } from 'node:net';
import { sleep } from '@dua/testing';
import { reportFigures } from './figures';
import { exitOf, ReplicaStack, startReplicaStack } from './replica-load';

/** Whether a new TCP connection to `url`'s port is accepted. */
function acceptsConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connectTcp({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// The gateway's own SIGTERM: it stops accepting connections at once, finishes the requests in flight (each waiting
// ~1.5 s on Dataverse), then drains NATS and exits 0 right after the last answer.
jest.setTimeout(180_000);

describe('the gateway stopped with SIGTERM while requests are in flight', () => {
  let replicas: ReplicaStack;

  beforeAll(async () => {
    // A grace far above what the requests need on a loaded machine: the test is about what happens within it.
    replicas = await startReplicaStack('Gateway shutdown', { SHUTDOWN_GRACE_MS: '30000' });
    await replicas.stack.emulator!.faults({ latency_ms: 1_500 });
  });

  afterAll(() => replicas?.stack.stop());

  it('answers every request in flight, refuses new connections, then exits 0', async () => {
    const { stack } = replicas;
    const gateway = stack.processes().find((process) => process.name === 'gateway')!.child;
    let lastAnsweredAt = 0;
    const inFlight = Array.from({ length: 8 }, () =>
      replicas.read().then(async (response) => {
        const answer = { status: response.status, body: await response.text() };
        lastAnsweredAt = Date.now();
        return answer;
      }),
    );
    await sleep(400);
    expect(await acceptsConnections(stack.gatewayUrl)).toBe(true);

    const stoppedAt = Date.now();
    const exited = exitOf(gateway);
    gateway.kill('SIGTERM');
    await sleep(200);
    const refusedWhileDraining = !(await acceptsConnections(stack.gatewayUrl));
    const answers = await Promise.all(inFlight);
    const ending = await exited;

    reportFigures('gateway-sigterm', {
      in_flight: answers.length,
      answered: answers.filter((answer) => answer.status === 200).length,
      refused_new_connections: refusedWhileDraining,
      last_answer_ms: lastAnsweredAt - stoppedAt,
      exit_ms: ending.at - stoppedAt,
    });
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(answers.every((answer) => (JSON.parse(answer.body) as { result: unknown[] }).result.length === 100)).toBe(true);
    expect(refusedWhileDraining).toBe(true);
    expect({ code: ending.code, signal: ending.signal }).toEqual({ code: 0, signal: null });
    expect(await acceptsConnections(stack.gatewayUrl)).toBe(false);
    // It exits once the last request is answered, not after the grace (30 s) or a keep-alive timeout (72 s).
    expect(ending.at - lastAnsweredAt).toBeLessThan(5_000);
  });
});
