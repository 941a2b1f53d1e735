import { classifyDataverseError, DataverseError, DataverseFailureKind, invalidRequest, remoteErrorOf } from '@dua/dataverse-client';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { domainErrorOfDataverse, translateDataverseFailure } from './dataverse-failures';

const failure = (status: number, code: string, sent = {}) => classifyDataverseError(remoteErrorOf(status, { error: { code, message: `Dataverse said ${code}` } }), 4, sent);

describe('Dataverse failures in our API\'s vocabulary', () => {
  it.each([
    ['a stale etag', ErrorCode.PRECONDITION_FAILED, failure(412, '0x80060882', { ifMatch: 'W/"1"' })],
    ['an update of a missing row', ErrorCode.NOT_FOUND, failure(404, '0x80040217', { ifMatch: '*' })],
    ['a missing lookup target', ErrorCode.UPSTREAM_REJECTED, failure(404, '0x80060891')],
    ['a choice out of range', ErrorCode.UPSTREAM_REJECTED, failure(400, '0x8004431A')],
    ['a duplicate-detection hit', ErrorCode.CONFLICT, failure(500, '0x80040333')],
    ['throttling', ErrorCode.RATE_LIMITED, failure(429, '0x80072322')],
    ['refused credentials', ErrorCode.NEEDS_REAUTH, failure(401, '')],
    ['an outage', ErrorCode.UPSTREAM_UNAVAILABLE, failure(503, '')],
    ['a request the client refuses', ErrorCode.VALIDATION_FAILED, invalidRequest('not a GUID')],
  ])('%s → %s', (_, code, error) => {
    expect(domainErrorOfDataverse(error).code).toBe(code);
  });

  it('keeps what Dataverse said as remote, and Retry-After when throttled', () => {
    expect(domainErrorOfDataverse(failure(429, '0x80072322')).details).toEqual({ remote: { status: 429, code: '0x80072322', message: 'Dataverse said 0x80072322' }, retry_after_seconds: 4 });
    expect(domainErrorOfDataverse(failure(500, '0x80040333')).details).toEqual({ remote: { status: 500, code: '0x80040333', message: 'Dataverse said 0x80040333' } });
  });

  it('translates only Dataverse failures', () => {
    expect(translateDataverseFailure(new DataverseError(DataverseFailureKind.NOT_FOUND, 'gone'))).toBeInstanceOf(DomainError);
    expect(translateDataverseFailure(new Error('a bug'))).toBeUndefined();
  });
});
