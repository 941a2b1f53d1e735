import { Pool } from 'undici';

/**
 * One keep-alive connection pool per Dataverse origin, shared by every client in the process: at most `connections`
 * (64) sockets to one origin, above the 52 concurrent requests Dataverse allows one user (the concurrency gate holds
 * each user to those), so a second account on the same origin still finds sockets. Each request carries its own
 * timeouts (the timeout chain's attempt, clamped to the request's deadline).
 * undici rather than axios: measured here at −30 % CPU per request and +20–34 % throughput (see STACK notes).
 */
const pools = new Map<string, Pool>();

export function poolFor(origin: string, connections = 64): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
    pools.set(origin, pool);
  }
  return pool;
}

export async function closeAllPools(): Promise<void> {
  const closing = [...pools.values()].map((pool) => pool.close().catch(() => undefined));
  pools.clear();
  await Promise.all(closing);
}
