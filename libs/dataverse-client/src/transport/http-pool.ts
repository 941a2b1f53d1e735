import { Pool } from 'undici';

/**
 * One keep-alive connection pool per Dataverse origin, shared by every client in the process.
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
