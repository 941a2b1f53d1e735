/**
 * The replicas a revocation waits for: every replica heard at a roll call or a revocation, until it has missed
 * `missesBeforeGone` roll calls in a row. One missed roll call (a replica too busy to answer in time) does not make a
 * revocation stop waiting for it; a replica really gone is waited for (up to the broadcast's bound) for that many
 * roll calls.
 */
export class ReplicaRoster {
  /** Each replica, with the number of the last roll call it answered, or that was the latest when it answered a revocation. */
  private readonly lastHeard = new Map<string, number>();
  private rollCalls = 0;

  constructor(private readonly missesBeforeGone: number) {}

  /** A roll call ended: `present` answered it. */
  rollCall(present: readonly string[]): void {
    this.rollCalls++;
    this.heard(present);
    for (const [instance, heardAt] of this.lastHeard) if (this.rollCalls - heardAt >= this.missesBeforeGone) this.lastHeard.delete(instance);
  }

  /** Replicas answered something else (a revocation). */
  heard(instances: readonly string[]): void {
    for (const instance of instances) this.lastHeard.set(instance, this.rollCalls);
  }

  expected(): string[] {
    return [...this.lastHeard.keys()];
  }
}
