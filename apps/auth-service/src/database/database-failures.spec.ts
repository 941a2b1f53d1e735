import { QueryFailedError } from 'typeorm';
import { ErrorCode } from '@dua/unified-models';
import { translateDatabaseFailure } from './database-failures';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('translateDatabaseFailure', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a server shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['the pool wait running out', new Error('timeout exceeded when trying to connect')],
    ['a query on a dropped connection', new QueryFailedError('SELECT 1', [], withCode('terminating connection', '57P01'))],
  ])('answers %s as SERVICE_UNAVAILABLE', (_name, error) => {
    expect(translateDatabaseFailure(error)).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('duplicate key value', '23505'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-error', 'boom'],
  ])('leaves %s alone (a bug stays a bug)', (_name, error) => {
    expect(translateDatabaseFailure(error)).toBeUndefined();
  });
});
