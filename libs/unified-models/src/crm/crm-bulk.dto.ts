import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from './crm-write.dto';

/** The resources `POST /unified/crm/{resource}/batch` writes. */
export const BULK_RESOURCES = ['contacts', 'accounts', 'leads', 'opportunities'] as const;
export type BulkResource = (typeof BULK_RESOURCES)[number];

export const BULK_OPS = ['create', 'update', 'delete'] as const;
export type BulkOp = (typeof BULK_OPS)[number];

/** Dataverse's `$batch` holds at most 1000 operations; so does one bulk call. */
export const MAX_BULK_OPERATIONS = 1000;

/** One operation of a bulk write: `data` as the single create or update takes it. */
export class BulkOperationDto {
  @IsIn(BULK_OPS)
  @ApiProperty({ enum: BULK_OPS })
  op: BulkOp;

  /** The record to update or delete; not allowed on create. */
  @IsOptional()
  @IsUUID()
  id?: string;

  /** The record (create) or the changes (update), validated as the single write validates them. */
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  /** Update or delete only that version (the record's `etag`). */
  @IsOptional()
  @Matches(IF_MATCH_PATTERN)
  if_match?: string;
}

/** `POST /unified/crm/{resource}/batch`. */
export class BulkWriteDto {
  /** All or nothing (one Dataverse change set); otherwise each operation stands alone and the rest go on after a failure. */
  @IsOptional()
  @IsBoolean()
  atomic?: boolean;

  /** 1–1000 operations, answered in the same order. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_OPERATIONS)
  @ValidateNested({ each: true })
  @Type(() => BulkOperationDto)
  operations: BulkOperationDto[];
}

/** What went wrong with one operation (the problem members of a whole request). */
export class BulkOperationErrorDto {
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
  remote?: { status: number; code?: string; message?: string };
}

/** The outcome of one operation: its index in the request, its HTTP status, the record or the error. */
export class BulkOperationResultDto {
  index: number;
  status: number;
  /** The record as a GET returns it (create, update), or `{id}` (delete). */
  result?: Record<string, unknown>;
  error?: BulkOperationErrorDto;
}

/** The path of a bulk write. */
export class BulkResourceParamDto {
  @IsIn(BULK_RESOURCES)
  @ApiProperty({ enum: BULK_RESOURCES })
  resource: BulkResource;
}

/** The NATS payload of `crm.records.batch`. */
export class BulkWriteRequestDto extends BulkWriteDto {
  @IsUUID()
  integrated_account_id: string;

  @IsIn(BULK_RESOURCES)
  resource: BulkResource;

  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_PATTERN)
  idempotency_key?: string;
}
