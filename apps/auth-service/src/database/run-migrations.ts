import type { DataSource } from 'typeorm';

/** Arbitrary but fixed: the advisory lock that serializes migrations across replicas starting together. */
const MIGRATION_LOCK_ID = 7_426_001;

/** Applies pending migrations; concurrent callers (several replicas, the admin CLI) wait for each other. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
