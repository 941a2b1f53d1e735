import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IDEMPOTENCY_KEY_PATTERN } from '../crm/crm-write.dto';

/** Which stored request a key names: the caller's environment (from the call context), the account, the key. */
export class IdempotencyKeyDto {
  @IsUUID()
  integrated_account_id: string;

  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN)
  key: string;
}

/** `auth.idempotency.begin`: claim the key for a request, or learn what became of the first one. */
export class BeginIdempotentRequestDto extends IdempotencyKeyDto {
  /** SHA-256 (hex) of the operation and its canonical body: the same key with another body is refused. */
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  request_hash: string;

  /** The id the first attempt generated for what it creates, kept so that a retry writes the same record. */
  @IsUUID()
  resource_id: string;

  /** How long the claim holds before another attempt may take over (a crashed first attempt). */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  lease_ms: number;

  /**
   * `resource_id` is derived from the key and the request (not random), so a retry of this request writes the same
   * record even if this claim were lost: then the claim is committed without waiting for the disk (see
   * CompleteIdempotentRequestDto.recoverable).
   */
  @IsOptional()
  @IsBoolean()
  recoverable?: boolean;
}

/**
 * What `begin` answers: `started` (go ahead, with the record's id: the caller's, or the first attempt's when it
 * died before finishing) or `completed` (the first answer, to replay byte for byte).
 */
export interface IdempotentRequestState {
  state: 'started' | 'completed';
  resource_id: string;
  response_status?: number;
  response_body?: string;
}

/** `auth.idempotency.complete`: store the answer of the request. */
export class CompleteIdempotentRequestDto extends IdempotencyKeyDto {
  @IsInt()
  @IsIn([200, 201])
  response_status: number;

  /** The HTTP body as it was sent (at most 1 MB). */
  @IsString()
  @MaxLength(1_048_576)
  response_body: string;

  /**
   * A retry of this request completes it by itself, with no duplicate (a create under the key's record id, sent with
   * `If-None-Match: *`, finds the record written): an answer lost to a Postgres crash then costs a retry, not a
   * guarantee, so it is committed without waiting for the disk.
   */
  @IsOptional()
  @IsBoolean()
  recoverable?: boolean;
}

/** `auth.idempotency.release`: the attempt failed; the key may be retried at once (with the same record id). */
export class ReleaseIdempotentRequestDto extends IdempotencyKeyDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  reason?: string;
}
