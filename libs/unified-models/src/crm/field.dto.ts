import { IsEnum, IsOptional, Matches } from 'class-validator';
import { CrmListQueryDto } from './crm-query.dto';

/** The entities of the Unified CRM API whose fields are described. */
export enum CrmEntity {
  ACCOUNT = 'account',
  CONTACT = 'contact',
  LEAD = 'lead',
  OPPORTUNITY = 'opportunity',
  ENGAGEMENT = 'engagement',
  NOTE = 'note',
}

export enum FieldType {
  STRING = 'string',
  TEXT = 'text',
  INTEGER = 'integer',
  DECIMAL = 'decimal',
  CURRENCY = 'currency',
  BOOLEAN = 'boolean',
  DATE = 'date',
  DATETIME = 'datetime',
  ENUM = 'enum',
  MULTI_ENUM = 'multi_enum',
  REFERENCE = 'reference',
  UUID = 'uuid',
  OTHER = 'other',
}

export class FieldOptionDto {
  value: number | boolean;
  label: string | null;
}

/** A column of a CRM entity, from Dataverse attribute metadata. */
export class FieldDto {
  /** `entity.logical_name`, e.g. `contact.new_tier`. */
  id: string;
  entity: CrmEntity;
  /** The Dataverse logical name of the column. */
  name: string;
  label: string | null;
  description: string | null;
  type: FieldType;
  is_custom: boolean;
  is_required: boolean;
  is_creatable: boolean;
  is_updatable: boolean;
  max_length: number | null;
  /** The choices of an `enum`, `multi_enum` or `boolean` field. */
  options: FieldOptionDto[];
  /** The entities a `reference` field can point to (Dataverse table names). */
  references: string[];
  /** The Dataverse metadata of the column, with `include_remote_data=true`. */
  remote_data?: Record<string, unknown>;
}

/**
 * Fields are one list from metadata (not paged by Dataverse); `limit`/`next_cursor` page through it, sorting and date
 * filters do not apply.
 */
export class ListFieldsQueryDto extends CrmListQueryDto {
  @IsOptional()
  @IsEnum(CrmEntity)
  entity?: CrmEntity;
}

/** `{id}` of a field: `entity.logical_name`, e.g. `contact.new_tier`. */
export class FieldIdParamDto {
  @Matches(/^[a-z]+\.[a-z0-9_]+$/, { message: 'id must be entity.logical_name, e.g. contact.emailaddress1' })
  id: string;
}
