import type { DataSource } from 'typeorm';
import { ErrorCode } from '@dua/unified-models';
import { translateDatabaseFailure } from './database-failures';
import { PreparedStatement } from './prepared-statement';

function dataSourceWith(pool: { query: jest.Mock } | undefined, query = jest.fn()): DataSource {
  return { driver: { master: pool }, query } as unknown as DataSource;
}

describe('PreparedStatement', () => {
  const statement = new PreparedStatement('idempotency.test', 'SELECT $1::int AS n');

  it('runs as a named statement on the pool under the DataSource, answering its rows', async () => {
    const pool = { query: jest.fn().mockResolvedValue({ rows: [{ n: 1 }] }) };
    await expect(statement.rows(dataSourceWith(pool), [1])).resolves.toEqual([{ n: 1 }]);
    expect(pool.query).toHaveBeenCalledWith({ name: 'idempotency.test', text: 'SELECT $1::int AS n', values: [1] });
  });

  it('goes through the DataSource before its driver has a pool', async () => {
    const query = jest.fn().mockResolvedValue([{ n: 2 }]);
    await expect(statement.rows(dataSourceWith(undefined, query), [2])).resolves.toEqual([{ n: 2 }]);
    expect(query).toHaveBeenCalledWith('SELECT $1::int AS n', [2]);
  });

  it("fails with node-postgres's error, which reads as an unavailable database when the server is gone", async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const pool = { query: jest.fn().mockRejectedValue(refused) };
    const failure = await statement.rows(dataSourceWith(pool), [3]).catch((error: unknown) => error);
    expect(failure).toBe(refused);
    expect(translateDatabaseFailure(failure)).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });
});
