import { ConcurrencyGate, GateTimeoutError } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('never runs more than its limit at once, and runs every task', async () => {
    const gate = new ConcurrencyGate(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(gate.inFlight).toBe(0);
  });

  it('keeps a slot taken with hold until it is given back, once however often that is called', async () => {
    const gate = new ConcurrencyGate(2);
    const release = await gate.hold();
    await gate.run(async () => expect(gate.inFlight).toBe(2));
    expect(gate.inFlight).toBe(1);
    release();
    release();
    expect(gate.inFlight).toBe(0);
    await expect(Promise.all([gate.run(async () => 1), gate.run(async () => 2)])).resolves.toEqual([1, 2]);
  });

  it('frees its slot when a task fails', async () => {
    const gate = new ConcurrencyGate(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('ConcurrencyGate with a deadline', () => {
  it('gives up waiting for a slot at the deadline, and the queue goes on without the one that left', async () => {
    const gate = new ConcurrencyGate(1);
    let releaseFirst!: () => void;
    const first = gate.run(() => new Promise<string>((resolve) => (releaseFirst = () => resolve('first'))));
    const startedAt = Date.now();
    await expect(gate.run(async () => 'too late', Date.now() + 50)).rejects.toBeInstanceOf(GateTimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    const third = gate.run(async () => 'third');
    releaseFirst();
    await expect(first).resolves.toBe('first');
    await expect(third).resolves.toBe('third');
    expect(gate.inFlight).toBe(0);
  });

  it('does not start a pause that would end after the deadline', async () => {
    const gate = new ConcurrencyGate(2);
    gate.slowDown(5_000);
    await expect(gate.run(async () => 'paused', Date.now() + 100)).rejects.toBeInstanceOf(GateTimeoutError);
    expect(gate.inFlight).toBe(0);
  });
});
