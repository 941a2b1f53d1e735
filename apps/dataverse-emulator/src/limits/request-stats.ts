/** Counters for `GET /_emulator/stats`. */
export class RequestStats {
  total = 0;
  byStatus: Record<string, number> = {};
  byEntitySet: Record<string, number> = {};
  concurrent = 0;
  maxConcurrentSeen = 0;

  started(): void {
    this.concurrent++;
    if (this.concurrent > this.maxConcurrentSeen) this.maxConcurrentSeen = this.concurrent;
  }

  finished(status: number, entitySet: string | undefined): void {
    this.concurrent = Math.max(0, this.concurrent - 1);
    this.total++;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    if (entitySet) this.byEntitySet[entitySet] = (this.byEntitySet[entitySet] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byStatus = {};
    this.byEntitySet = {};
    this.maxConcurrentSeen = this.concurrent;
  }
}
