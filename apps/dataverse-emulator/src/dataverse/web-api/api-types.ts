import type { EmulatedUser } from '../../world';
import type { OrgData } from '../org-data';

/** One Web API call, independent of the transport, so `$batch` parts run through the same code as plain requests. */
export interface ApiRequest {
  method: string;
  /** The path after `/api/data/v9.2/`, still percent-encoded. */
  path: string;
  /** The raw query string without `?`. */
  query: string;
  headers: Record<string, string | undefined>;
  body: string;
  user: EmulatedUser;
  data: OrgData;
  /** `{environmentUrl}/api/data/v9.2/`. */
  apiBase: string;
  now: number;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or its UTF-8 bytes when assembled from cached rows. */
  body?: string | Buffer;
  /** Entity set the request addressed, for stats. */
  entitySet?: string;
}

export const JSON_CONTENT_TYPE = 'application/json; odata.metadata=minimal';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0', ...headers }, body: JSON.stringify(body) };
}

/** A response whose JSON text is already built. */
export function rawJsonResponse(status: number, body: string | Buffer, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0', ...headers }, body };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'OData-Version': '4.0', ...headers } };
}
