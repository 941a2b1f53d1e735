import { classifyDataverseError, DataverseFailureKind, remoteErrorOf, SentConditions } from './dataverse-error';

const classify = (status: number, code?: string, sent?: SentConditions) => classifyDataverseError(remoteErrorOf(status, { error: { code, message: 'm' } }), 3, sent).kind;

describe('classifying Dataverse errors by status, code and the condition sent', () => {
  it.each([
    [404, '0x80040217', {}, DataverseFailureKind.NOT_FOUND],
    [412, '0x80060882', { ifMatch: 'W/"1"' }, DataverseFailureKind.VERSION_MISMATCH],
    [412, '', { ifNoneMatch: '*' }, DataverseFailureKind.ALREADY_EXISTS],
    [412, '0x80060892', { ifNoneMatch: '*' }, DataverseFailureKind.ALREADY_EXISTS],
    [412, '0x80040237', {}, DataverseFailureKind.CONFLICT],
    [404, '0x80060891', {}, DataverseFailureKind.LOOKUP_TARGET_NOT_FOUND],
    [400, '0x8004431A', {}, DataverseFailureKind.OPTION_OUT_OF_RANGE],
    [400, '0x8004431a', {}, DataverseFailureKind.OPTION_OUT_OF_RANGE],
    [400, '0x80044331', {}, DataverseFailureKind.VALUE_TOO_LONG],
    [500, '0x80040333', {}, DataverseFailureKind.DUPLICATE_DETECTED],
    [429, '0x80072322', {}, DataverseFailureKind.THROTTLED],
    [400, '0x0', {}, DataverseFailureKind.REJECTED],
    [403, '0x80040220', {}, DataverseFailureKind.FORBIDDEN],
    [403, '0x80072560', {}, DataverseFailureKind.NOT_A_MEMBER],
    [401, undefined, {}, DataverseFailureKind.UNAUTHORIZED],
    [503, undefined, {}, DataverseFailureKind.SERVER_ERROR],
  ])('%i %s %j → %s', (status, code, sent, expected) => {
    expect(classify(status, code, sent)).toBe(expected);
  });

  it('keeps the remote status, code and message, and Retry-After for throttling', () => {
    const error = classifyDataverseError(remoteErrorOf(429, { error: { code: '0x80072322', message: 'Number of requests exceeded' } }), 2);
    expect(error.remote).toEqual({ status: 429, code: '0x80072322', message: 'Number of requests exceeded' });
    expect(error.retryAfterSeconds).toBe(2);
  });

  it('copes with bodies that are not Dataverse errors', () => {
    expect(remoteErrorOf(502, '<html>Bad gateway</html>')).toEqual({ status: 502 });
    expect(remoteErrorOf(401, undefined)).toEqual({ status: 401 });
  });
});
