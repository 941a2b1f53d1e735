import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export const PROXY_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type ProxyMethod = (typeof PROXY_METHODS)[number];

/** Internal (gateway → crm-service): one Dataverse Web API call on behalf of an integrated account. */
export class ProxyRequestDto {
  @IsUUID()
  integrated_account_id: string;

  @IsIn(PROXY_METHODS)
  method: ProxyMethod;

  /** The Dataverse path under `/api/data/v9.2/`, as sent (percent-encoding kept). */
  @IsString()
  @MaxLength(4096)
  path: string;

  /** The caller's other query options, raw (`$select=…&$filter=…`), without ours. */
  @IsString()
  @MaxLength(32_768)
  query: string;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  next_cursor?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  prefer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  if_match?: string;

  @IsOptional()
  @IsObject()
  body?: Record<string, unknown>;
}

/** What the proxy answers: a collection as `{result: value, next_cursor}`, a single row as `{result: row}`. */
export interface ProxyResult {
  result: unknown;
  next_cursor?: string | null;
}
