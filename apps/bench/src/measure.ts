import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

// autocannon ships no types; this is the part of its API and result we use.
interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: Autocannon = require('autocannon');

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests answered in all. */
  requests: number;
  /** Response times in ms at sub-millisecond precision (autocannon's own histogram rounds to whole ms). */
  p50: number;
  p99: number;
}

const LOAD_TIMEOUT_SECONDS = 60;

/** Keeps `connections` requests in flight for `seconds`; any non-2xx or error fails the benchmark. */
export function load(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    // A generous per-request timeout (autocannon's default is 10 s): on a shared 2-core machine a slow answer is a
    // figure to measure, not an error.
    const instance = autocannon({ url, headers, connections, duration: seconds, pipelining: 1, timeout: LOAD_TIMEOUT_SECONDS }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${url} answered ${result.non2xx} non-2xx and ${result.errors} errors under load`));
      times.sort((a, b) => a - b);
      resolve({ requestsPerSecond: result.requests.average, requests: result.requests.total, p50: percentile(times, 0.5), p99: percentile(times, 0.99) });
    });
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => times.push(responseTimeMs));
  });
}

function percentile(sorted: number[], fraction: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] : Number.NaN;
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const startedAt = process.hrtime.bigint();
  const result = await run();
  return { ms: Number(process.hrtime.bigint() - startedAt) / 1e6, result };
}

/** The peak resident set of a running process (VmHWM), in MB. */
export function peakRssMegabytes(child: ChildProcess): number {
  if (!child.pid) return Number.NaN;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The CPU time (user + system) a running process has used so far, in ms. Unlike wall time or a CPU profile's samples,
 * it does not grow when other work on a shared machine keeps the process waiting for a core.
 */
export function cpuMilliseconds(child: ChildProcess): number {
  if (!child.pid) return Number.NaN;
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The CPU time this process has used so far, in ms. */
export function ownCpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * The least work any implementation of the unified read must do, in this one process with no gateway, no NATS and no
 * mapping: fetch the page from the emulator, decode and parse it, serialize it again. `connections` loops at once for
 * `seconds`; returns requests per second and in all. It shows how much of the direct call's throughput is left once JSON has
 * to be read and written at all on this machine.
 */
export async function parseFloor(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<{ requestsPerSecond: number; requests: number }> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections });
  const path = `${target.pathname}${target.search}`;
  const deadline = Date.now() + seconds * 1000;
  let completed = 0;
  const loop = async () => {
    while (Date.now() < deadline) {
      const response = await pool.request({ method: 'GET', path, headers });
      const body = JSON.parse(await response.body.text()) as { value: unknown[] };
      if (response.statusCode !== 200 || JSON.stringify(body.value).length === 0) throw new Error(`The floor request answered ${response.statusCode}`);
      completed++;
    }
  };
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (Date.now() - startedAt) / 1000;
  await pool.close();
  return { requestsPerSecond: completed / elapsed, requests: completed };
}
