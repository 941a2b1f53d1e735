import { randomUUID } from 'node:crypto';

/**
 * Every Entra ID (AADSTS) error the emulator answers, in one table. Messages follow real server output where one was
 * found (GitHub issues quoting live bodies) and the AADSTS reference otherwise.
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export interface EntraErrorDefinition {
  /** OAuth 2.0 `error` value. */
  error: string;
  /** HTTP status at the token endpoint. */
  status: number;
  /** msal turns `bad_token` into an InteractionRequiredAuthError. */
  suberror?: string;
  message: (p: Record<string, string>) => string;
}

export const ENTRA_ERRORS = {
  28000: {
    error: 'invalid_scope',
    status: 400,
    message: (p) =>
      `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${p.scope} is not valid.`,
  },
  50000: {
    error: 'server_error',
    status: 500,
    message: () => 'There was an error issuing a token or an issue with our sign-in service.',
  },
  50011: {
    error: 'invalid_request',
    status: 400,
    message: (p) =>
      `The redirect URI '${p.redirectUri}' specified in the request does not match the redirect URIs configured for the application '${p.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  },
  50034: {
    error: 'invalid_grant',
    status: 400,
    message: (p) =>
      `The user account ${p.upn} does not exist in the ${p.tenant} directory. To sign into this application, the account must be added to the directory.`,
  },
  50058: {
    error: 'login_required',
    status: 400,
    message: () => 'A silent sign-in request was sent but no user is signed in.',
  },
  50173: {
    error: 'invalid_grant',
    status: 400,
    message: (p) =>
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${p.issuedOn}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${p.validFrom}'.`,
  },
  54005: {
    error: 'invalid_grant',
    status: 400,
    message: () =>
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  },
  65004: {
    error: 'access_denied',
    status: 400,
    message: () => 'User declined to consent to access the app.',
  },
  70000: {
    error: 'invalid_grant',
    status: 400,
    message: () => 'Provided grant is invalid or malformed.',
  },
  70003: {
    error: 'unsupported_grant_type',
    status: 400,
    message: (p) => `The app requested an unsupported grant type '${p.grantType}'.`,
  },
  70008: {
    error: 'invalid_grant',
    status: 400,
    message: () =>
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  },
  70011: {
    error: 'invalid_scope',
    status: 400,
    message: (p) => `The provided value for the input parameter 'scope' isn't valid. The scope ${p.scope} isn't valid.`,
  },
  90002: {
    error: 'invalid_request',
    status: 400,
    message: (p) =>
      `Tenant '${p.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  },
  90033: {
    error: 'temporarily_unavailable',
    status: 503,
    message: () => 'A transient error has occurred. Please try again.',
  },
  90055: {
    error: 'temporarily_unavailable',
    status: 429,
    message: () => 'There are too many incoming requests. Please try again later.',
  },
  500011: {
    error: 'invalid_resource',
    status: 400,
    message: (p) =>
      `The resource principal named ${p.resource} was not found in the tenant named ${p.tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  },
  500112: {
    error: 'invalid_grant',
    status: 400,
    message: (p) =>
      `The reply address '${p.redirectUri}' does not match the reply address '${p.expected}' provided when requesting Authorization code.`,
  },
  501481: {
    error: 'invalid_grant',
    status: 400,
    message: () => 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  },
  700005: {
    error: 'invalid_grant',
    status: 400,
    message: () => 'Provided Authorization Code is intended to use against other tenant, thus rejected.',
  },
  700016: {
    error: 'unauthorized_client',
    status: 400,
    message: (p) =>
      `Application with identifier '${p.clientId}' was not found in the directory '${p.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  },
  // Recent servers add suberror bad_token, which msal surfaces as InteractionRequiredAuthError.
  // https://learn.microsoft.com/entra/identity-platform/refresh-tokens
  700054: {
    error: 'unsupported_response_type',
    status: 400,
    message: (p) => `response_type '${p.responseType}' is not enabled for the application.`,
  },
  700082: {
    error: 'invalid_grant',
    status: 400,
    suberror: 'bad_token',
    message: (p) =>
      `The refresh token has expired due to inactivity. The token was issued on ${p.issuedOn} and was inactive for ${p.inactiveFor}.`,
  },
  900144: {
    error: 'invalid_request',
    status: 400,
    message: (p) => `The request body must contain the following parameter: '${p.name}'.`,
  },
  900561: {
    error: 'invalid_request',
    status: 400,
    message: (p) => `The endpoint only accepts POST, OPTIONS requests. Received a ${p.method} request.`,
  },
  1002012: {
    error: 'invalid_scope',
    status: 400,
    message: (p) =>
      `The provided value for scope ${p.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  },
  7000215: {
    error: 'invalid_client',
    status: 401,
    message: (p) =>
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${p.clientId}'.`,
  },
  7000218: {
    error: 'invalid_client',
    status: 401,
    message: () => "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  9002313: {
    error: 'invalid_grant',
    status: 400,
    message: () => 'Invalid request. Request is malformed or invalid.',
  },
} satisfies Record<number, EntraErrorDefinition>;

export type EntraErrorCode = keyof typeof ENTRA_ERRORS;

/** An Entra error raised while handling a request; turned into a body (token endpoint) or a redirect (authorize). */
export class EntraError extends Error {
  constructor(
    readonly code: EntraErrorCode,
    readonly params: Record<string, string> = {},
    readonly statusOverride?: number,
  ) {
    super(`AADSTS${code}`);
  }
}

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

/** `2020-07-06 22:31:52Z`, the format of `timestamp` and of the description's Timestamp line. */
export function entraTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `2020-02-26T21:52:54.2810613Z`: .NET's round-trip format, used for dates inside messages. */
export function dotNetRoundTrip(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** .NET TimeSpan `[d.]hh:mm:ss`, as in "was inactive for 90.00:00:00". */
export function dotNetTimeSpan(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `${days}.${hms}` : hms;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entra echoes the caller's `client-request-id` as the correlation id when it is a GUID. */
export function correlationIdFrom(clientRequestId: string | string[] | undefined): string {
  const value = Array.isArray(clientRequestId) ? clientRequestId[0] : clientRequestId;
  return value && GUID.test(value) ? value.toLowerCase() : randomUUID();
}

export function entraErrorBody(
  err: EntraError,
  context: { nowMs: number; correlationId: string; traceId?: string },
): { status: number; body: EntraErrorBody } {
  const def: EntraErrorDefinition = ENTRA_ERRORS[err.code];
  const traceId = context.traceId ?? randomUUID();
  const timestamp = entraTimestamp(context.nowMs);
  const body: EntraErrorBody = {
    error: def.error,
    error_description:
      `AADSTS${err.code}: ${def.message(err.params)}` +
      `\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${context.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: context.correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
  if (def.suberror) body.suberror = def.suberror;
  return { status: err.statusOverride ?? def.status, body };
}

/** The error an injected `token_endpoint_error` fault answers with, chosen to fit its status. */
export function faultError(status: number): EntraError {
  if (status === 429) return new EntraError(90055, {}, status);
  if (status === 503 || status === 504) return new EntraError(90033, {}, status);
  if (status >= 500) return new EntraError(50000, {}, status);
  if (status === 401) return new EntraError(7000215, { clientId: '' }, status);
  return new EntraError(9002313, {}, status);
}
