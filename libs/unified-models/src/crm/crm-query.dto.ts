import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';

/** Query strings carry booleans as text; NATS payloads carry them as JSON booleans. Both arrive here. */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

export enum CrmSortBy {
  CREATED_AT = 'created_at',
  UPDATED_AT = 'updated_at',
  NAME = 'name',
}

export enum SortOrder {
  ASC = 'asc',
  DESC = 'desc',
}

/** `integrated_account_id` and `include_remote_data`: every Unified CRM read takes them. */
export class CrmAccountQueryDto {
  /** The integrated account (a connected Dynamics 365 org) to read from. */
  @IsUUID()
  integrated_account_id: string;

  /** Adds `remote_data`: the raw Dataverse row. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_remote_data?: boolean;
}

/** The list parameters shared by every Unified CRM collection; resources extend it with their own filters. */
export class CrmListQueryDto extends PageQueryDto {
  /** The integrated account (a connected Dynamics 365 org) to read from. */
  @IsUUID()
  integrated_account_id: string;

  /** Adds `remote_data`: the raw Dataverse row. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_remote_data?: boolean;

  /** Adds `total_count` (Dataverse counts at most 5000). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_total?: boolean;

  /** Only records modified after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  updated_after?: string;

  /** Only records created after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  created_after?: string;

  /** Sort key (`name` where the resource has one); without it Dataverse's order (by id) applies. */
  @IsOptional()
  @IsEnum(CrmSortBy)
  sort_by?: CrmSortBy;

  /** Sort direction of `sort_by` (default `asc`). */
  @IsOptional()
  @IsEnum(SortOrder)
  order?: SortOrder;
}

/** A single CRM record: `{id}` plus the account. Crosses NATS as the payload of `crm.<resource>.get`. */
export class CrmGetRequestDto extends CrmAccountQueryDto {
  /** The record's Dataverse id (or, for fields, `entity.logical_name`). */
  @IsString()
  @MaxLength(300)
  id: string;
}

/**
 * `contact_id`, `account_id`, `lead_id`, `opportunity_id`: only records related to that record (what an engagement is
 * regarding, what a note is attached to).
 */
export class RelatedRecordQueryDto extends CrmListQueryDto {
  /** Only records related to this contact. */
  @IsOptional()
  @IsUUID()
  contact_id?: string;

  /** Only records related to this account. */
  @IsOptional()
  @IsUUID()
  account_id?: string;

  /** Only records related to this lead. */
  @IsOptional()
  @IsUUID()
  lead_id?: string;

  /** Only records related to this opportunity. */
  @IsOptional()
  @IsUUID()
  opportunity_id?: string;
}
