/** The delay before attempt `attempt + 1` after `attempt` failures: doubling from `firstMs`, capped, with ±20 % jitter. */
export function retryDelayMs(attempt: number, firstMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(firstMs * 2 ** Math.max(0, attempt - 1), maxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}
