import { PassThrough } from 'node:stream';
import pino from 'pino';
import { integratedAccountOfUrl, loggerOptions, messageBindings } from './app-logging';

describe('log bindings', () => {
  it.each([
    ['/unified/crm/contacts?limit=2&integrated_account_id=3f0c8a52-1d7e-4b7b-9a8e-2c1f0b6d9e11', '3f0c8a52-1d7e-4b7b-9a8e-2c1f0b6d9e11'],
    ['/integrated-accounts/acc-1/test', 'acc-1'],
    ['/integrated-accounts/acc-2', 'acc-2'],
    ['/proxy/contacts?$top=1&integrated_account_id=acc-3', 'acc-3'],
    ['/integrated-accounts?customer_ref=acme', undefined],
    ['/link-tokens', undefined],
    ['/integrated-accounts/%E0%A4%A', undefined],
    ['/proxy/x?integrated_account_id=%22%7D%2C%22level%22', undefined],
    [undefined, undefined],
  ])('names the integrated account of %s', (url, expected) => {
    expect(integratedAccountOfUrl(url).integrated_account_id).toBe(expected);
  });

  it.each([
    [{ context: { request_id: 'r1', environment_id: 'e1' }, payload: { integrated_account_id: 'a1', limit: 2 } }, { request_id: 'r1', environment_id: 'e1', integrated_account_id: 'a1' }],
    [{ context: { request_id: 'r2' }, payload: {} }, { request_id: 'r2' }],
    [{ context: { request_id: 'r3' }, payload: { integrated_account_id: 7 } }, { request_id: 'r3' }],
    [undefined, { request_id: 'unknown' }],
  ])('binds a message to its request, environment and account', (request, expected) => {
    expect(messageBindings(request as never)).toEqual(expected);
  });
});

describe('log lines', () => {
  it('are JSON with the service, an ISO time and a level name, and censor credential fields', () => {
    const out = new PassThrough();
    const lines: string[] = [];
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').trim().split('\n')));
    const logger = pino(loggerOptions('crm-service'), out);
    logger.info({ grant: { access_token: 'eyJsecret', refresh_token: 'r-secret' }, client_secret: 's3cret' }, 'hello');
    logger.flush();
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ service: 'crm-service', level: 'info', msg: 'hello', client_secret: '[redacted]' });
    expect(entry.grant).toEqual({ access_token: '[redacted]', refresh_token: '[redacted]' });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
    expect(lines[0]).not.toMatch(/eyJsecret|r-secret|s3cret/);
  });
});
