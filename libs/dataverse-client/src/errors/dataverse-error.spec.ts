import { ErrorCode } from '@dua/unified-models';
import { classifyDataverseError, remoteErrorOf } from './dataverse-error';

const classify = (status: number, code?: string) => classifyDataverseError(remoteErrorOf(status, { error: { code, message: 'm' } }), 3).code;

describe('classifying Dataverse errors by status and code', () => {
  it.each([
    [404, '0x80040217', ErrorCode.NOT_FOUND],
    [412, '0x80060882', ErrorCode.PRECONDITION_FAILED],
    [412, '0x80040237', ErrorCode.CONFLICT],
    [429, '0x80072322', ErrorCode.RATE_LIMITED],
    [400, '0x0', ErrorCode.UPSTREAM_REJECTED],
    [403, '0x80040220', ErrorCode.UPSTREAM_REJECTED],
    [403, '0x80072560', ErrorCode.NEEDS_REAUTH],
    [401, undefined, ErrorCode.NEEDS_REAUTH],
    [503, undefined, ErrorCode.UPSTREAM_UNAVAILABLE],
  ])('%i %s → %s', (status, code, expected) => {
    expect(classify(status, code)).toBe(expected);
  });

  it('keeps the remote status, code and message, and Retry-After for throttling', () => {
    const error = classifyDataverseError(remoteErrorOf(429, { error: { code: '0x80072322', message: 'Number of requests exceeded' } }), 2);
    expect(error.details).toEqual({ remote: { status: 429, code: '0x80072322', message: 'Number of requests exceeded' }, retry_after_seconds: 2 });
  });

  it('copes with bodies that are not Dataverse errors', () => {
    expect(remoteErrorOf(502, '<html>Bad gateway</html>')).toEqual({ status: 502 });
    expect(remoteErrorOf(401, undefined)).toEqual({ status: 401 });
  });
});
