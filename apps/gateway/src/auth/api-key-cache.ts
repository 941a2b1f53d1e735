/**
 * Verified API keys (by hash) for a short while, so most requests skip the round trip to auth-service.
 * Bounded: the oldest entry goes first when full.
 */
export class ApiKeyCache<Identity> {
  private readonly entries = new Map<string, { identity: Identity; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(keyHash: string): Identity | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.identity;
  }

  set(keyHash: string, identity: Identity): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(keyHash);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(keyHash, { identity, expiresAt: this.now() + this.ttlMs });
  }
}
