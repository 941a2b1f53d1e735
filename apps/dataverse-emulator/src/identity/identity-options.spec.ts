import { dotNetRoundTrip, dotNetTimeSpan, EntraError, entraErrorBody, entraTimestamp } from './entra-errors';
import { resolveIdentityOptions } from './identity-options';

describe('resolveIdentityOptions', () => {
  it('defaults to Entra lifetimes', () => {
    expect(resolveIdentityOptions({}, {})).toMatchObject({
      accessTokenLifetimeSeconds: 3599,
      refreshTokenLifetimeSeconds: 90 * 24 * 3600,
      authorizationCodeLifetimeSeconds: 600,
    });
  });

  it('reads the environment, and explicit options win', () => {
    const env = { EMULATOR_REFRESH_TOKEN_LIFETIME_SECONDS: '5', EMULATOR_ACCESS_TOKEN_LIFETIME_SECONDS: '60' };
    expect(resolveIdentityOptions({}, env)).toMatchObject({
      refreshTokenLifetimeSeconds: 5,
      accessTokenLifetimeSeconds: 60,
    });
    expect(resolveIdentityOptions({ refreshTokenLifetimeSeconds: 7 }, env).refreshTokenLifetimeSeconds).toBe(7);
    expect(
      resolveIdentityOptions({}, { EMULATOR_REFRESH_TOKEN_LIFETIME_SECONDS: 'soon' }).refreshTokenLifetimeSeconds,
    ).toBe(7_776_000);
  });
});

describe('Entra error formatting', () => {
  const at = Date.UTC(2020, 6, 6, 22, 31, 52, 281);

  it('formats timestamps, .NET dates and time spans as the real server does', () => {
    expect(entraTimestamp(at)).toBe('2020-07-06 22:31:52Z');
    expect(dotNetRoundTrip(at)).toBe('2020-07-06T22:31:52.2810000Z');
    expect(dotNetTimeSpan(90 * 86400)).toBe('90.00:00:00');
    expect(dotNetTimeSpan(3661)).toBe('01:01:01');
  });

  it('builds the body of the reference sample (AADSTS700082)', () => {
    const { status, body } = entraErrorBody(
      new EntraError(700082, { issuedOn: '2020-02-26T21:52:54.2810613Z', inactiveFor: '90.00:00:00' }),
      {
        nowMs: at,
        correlationId: '0e87b495-1e24-4882-be85-d012c216f4f6',
        traceId: '6e94ade5-10de-4d67-909a-14d845813500',
      },
    );
    expect(status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_grant',
      error_description:
        'AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2020-02-26T21:52:54.2810613Z and was inactive for 90.00:00:00.\r\nTrace ID: 6e94ade5-10de-4d67-909a-14d845813500\r\nCorrelation ID: 0e87b495-1e24-4882-be85-d012c216f4f6\r\nTimestamp: 2020-07-06 22:31:52Z',
      error_codes: [700082],
      timestamp: '2020-07-06 22:31:52Z',
      trace_id: '6e94ade5-10de-4d67-909a-14d845813500',
      correlation_id: '0e87b495-1e24-4882-be85-d012c216f4f6',
      error_uri: 'https://login.microsoftonline.com/error?code=700082',
      suberror: 'bad_token',
    });
  });
});
