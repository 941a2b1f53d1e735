/** Dataverse error codes we act on (the `error.code` member; unrelated to the HTTP status). */
export const DataverseErrorCode = {
  OBJECT_DOES_NOT_EXIST: '0x80040217',
  CONCURRENCY_VERSION_MISMATCH: '0x80060882',
  DUPLICATE_RECORD: '0x80040237',
  DUPLICATE_RECORD_ENTITY_KEY: '0x80060892',
  RECORD_NOT_FOUND_BY_ENTITY_KEY: '0x80060891',
  PICKLIST_VALUE_OUT_OF_RANGE: '0x8004431a',
  STRING_TOO_LONG: '0x80044331',
  DUPLICATE_DETECTED: '0x80040333',
  PRIVILEGE_DENIED: '0x80040220',
  USER_NOT_MEMBER_OF_ORGANIZATION: '0x80072560',
  /** ExpiredVersionStamp: a change-tracking token too old (or broken by a metadata change): read everything again. */
  EXPIRED_VERSION_STAMP: '0x80044352',
  /** ChangeTrackingNotEnabledForEntity. */
  CHANGE_TRACKING_NOT_ENABLED: '0x80072491',
} as const;

/**
 * What went wrong with a Dataverse request, in the client's own terms (services translate these into their API's
 * vocabulary). Classified by HTTP status, OData error code and the conditional header the request carried, never by
 * message text. https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
 */
export enum DataverseFailureKind {
  /** 401 after the one refresh: the account's grant is not accepted. */
  UNAUTHORIZED = 'unauthorized',
  /** 403: the caller is not a user of this organization (`0x80072560`). */
  NOT_A_MEMBER = 'not_a_member',
  /** 403: a missing privilege, or another refusal. */
  FORBIDDEN = 'forbidden',
  /** 404: the addressed row (or segment) does not exist; with `If-Match: *`, the row to update is gone. */
  NOT_FOUND = 'not_found',
  /** A lookup's target does not exist (`0x80060891`). */
  LOOKUP_TARGET_NOT_FOUND = 'lookup_target_not_found',
  /** 412 on `If-Match: <etag>`: the row changed (`0x80060882`). */
  VERSION_MISMATCH = 'version_mismatch',
  /** 412 on `If-None-Match: *`: a row with this key already exists (an insert-only create that already happened). */
  ALREADY_EXISTS = 'already_exists',
  /** A duplicate key or unique index (`0x80040237`), or a 409. */
  CONFLICT = 'conflict',
  /** A duplicate-detection rule matched (`0x80040333`, answered as a 500). */
  DUPLICATE_DETECTED = 'duplicate_detected',
  /** A choice value outside the column's options (`0x8004431A`). */
  OPTION_OUT_OF_RANGE = 'option_out_of_range',
  /** A string longer than the column allows (`0x80044331`). */
  VALUE_TOO_LONG = 'value_too_long',
  /** A change-tracking token that expired (`0x80044352`): start a full sync. */
  CHANGE_TOKEN_EXPIRED = 'change_token_expired',
  /** 429 beyond the retry budget. */
  THROTTLED = 'throttled',
  /** Any other 4xx. */
  REJECTED = 'rejected',
  /** 5xx after every retry. */
  SERVER_ERROR = 'server_error',
  /** No answer: connection refused, reset or timed out. */
  UNREACHABLE = 'unreachable',
  /** The caller asked for something the client refuses to send: not a GUID, a path or page link leaving the environment. */
  INVALID_REQUEST = 'invalid_request',
}

/** What Dataverse said when it refused a request. */
export interface DataverseRemote {
  status: number;
  code?: string;
  message?: string;
}

export class DataverseError extends Error {
  constructor(
    readonly kind: DataverseFailureKind,
    message: string,
    readonly remote?: DataverseRemote,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DataverseError';
  }
}

export function isDataverseError(error: unknown, ...kinds: DataverseFailureKind[]): error is DataverseError {
  return error instanceof DataverseError && (kinds.length === 0 || kinds.includes(error.kind));
}

/** Reads `{"error":{"code","message"}}`; anything else (an empty 401, HTML from a proxy) yields nothing. */
export function remoteErrorOf(status: number, body: unknown): DataverseRemote {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const remote: DataverseRemote = { status };
  if (typeof error?.code === 'string' && error.code !== '') remote.code = error.code;
  if (typeof error?.message === 'string') remote.message = error.message.slice(0, 2000);
  return remote;
}

/** The conditional headers of the failed request: a 412 means "changed" after one and "exists" after the other. */
export interface SentConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/** OData codes that decide the kind whatever the status. */
const KIND_BY_CODE: Readonly<Record<string, DataverseFailureKind>> = {
  [DataverseErrorCode.RECORD_NOT_FOUND_BY_ENTITY_KEY]: DataverseFailureKind.LOOKUP_TARGET_NOT_FOUND,
  [DataverseErrorCode.PICKLIST_VALUE_OUT_OF_RANGE]: DataverseFailureKind.OPTION_OUT_OF_RANGE,
  [DataverseErrorCode.STRING_TOO_LONG]: DataverseFailureKind.VALUE_TOO_LONG,
  [DataverseErrorCode.DUPLICATE_DETECTED]: DataverseFailureKind.DUPLICATE_DETECTED,
  [DataverseErrorCode.DUPLICATE_RECORD]: DataverseFailureKind.CONFLICT,
  [DataverseErrorCode.USER_NOT_MEMBER_OF_ORGANIZATION]: DataverseFailureKind.NOT_A_MEMBER,
  [DataverseErrorCode.EXPIRED_VERSION_STAMP]: DataverseFailureKind.CHANGE_TOKEN_EXPIRED,
};

/**
 * Turns a failed Dataverse response into a `DataverseError`, by status and OData code (compared case-insensitively:
 * Dataverse writes both `0x8004431A` and `0x8004431a`), never by message text.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors
 */
export function classifyDataverseError(remote: DataverseRemote, retryAfterSeconds?: number, sent: SentConditions = {}): DataverseError {
  const message = remote.message ?? `Dataverse answered ${remote.status}`;
  const byCode = remote.code ? KIND_BY_CODE[remote.code.toLowerCase()] : undefined;
  return new DataverseError(byCode ?? kindOfStatus(remote.status, sent), message, remote, remote.status === 429 ? retryAfterSeconds : undefined);
}

function kindOfStatus(status: number, sent: SentConditions): DataverseFailureKind {
  switch (status) {
    case 401:
      return DataverseFailureKind.UNAUTHORIZED;
    case 403:
      return DataverseFailureKind.FORBIDDEN;
    case 404:
      return DataverseFailureKind.NOT_FOUND;
    case 409:
      return DataverseFailureKind.CONFLICT;
    case 412:
      // Only one precondition is sent per write: If-None-Match: * (insert only) fails when the row exists.
      return sent.ifNoneMatch === '*' && !sent.ifMatch ? DataverseFailureKind.ALREADY_EXISTS : DataverseFailureKind.VERSION_MISMATCH;
    case 429:
      return DataverseFailureKind.THROTTLED;
    default:
      return status >= 500 ? DataverseFailureKind.SERVER_ERROR : DataverseFailureKind.REJECTED;
  }
}

export function networkFailure(reason: string): DataverseError {
  return new DataverseError(DataverseFailureKind.UNREACHABLE, `Dataverse could not be reached: ${reason}`);
}

export function invalidRequest(message: string): DataverseError {
  return new DataverseError(DataverseFailureKind.INVALID_REQUEST, message);
}
