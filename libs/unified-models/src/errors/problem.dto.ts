import { ErrorCode } from './error-code';

export class FieldErrorDto {
  /** The JSON path of the offending field, e.g. `limit` or `email_addresses.0.email`. */
  field: string;
  message: string;
}

export class RemoteErrorDto {
  /** The HTTP status Dataverse answered. */
  status: number;
  /** The Dataverse error code, e.g. `0x80040217`. */
  code?: string;
  message?: string;
}

/** An RFC 9457 problem details body (`application/problem+json`). */
export class ProblemDto {
  /** A URI reference naming the kind of problem: `/problems/{code in kebab-case}`. */
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  /** The request id, also in the `x-request-id` response header. */
  request_id: string;
  /** One entry per invalid field (`VALIDATION_FAILED`). */
  errors?: FieldErrorDto[];
  /** What Dynamics 365 answered, when it refused the request. */
  remote?: RemoteErrorDto;
}
