import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A statement run on every request (the idempotency claims), as a named prepared statement on the node-postgres pool
 * under TypeORM's DataSource. `dataSource.query` sends each statement unnamed: Postgres parses and plans it anew every
 * time: ~1.0 ms of Postgres CPU per idempotent create (its claim and its answer) in `npm run bench`, ~0.5 ms prepared. Each
 * connection of the pool prepares it once (node-postgres remembers which); the text never changes, so its name is
 * enough. Failures are node-postgres's own errors, which `translateDatabaseFailure` reads as TypeORM's.
 */
export class PreparedStatement {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  async rows<Row extends QueryResultRow>(dataSource: DataSource, values: unknown[]): Promise<Row[]> {
    const pool = poolOf(dataSource);
    if (!pool) return dataSource.query(this.text, values);
    const result = await pool.query<Row>({ name: this.name, text: this.text, values });
    return result.rows;
  }
}

/** The pool TypeORM's Postgres driver writes to (its `master`; undefined before it connects). */
function poolOf(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as unknown as { master?: Pool }).master;
}
