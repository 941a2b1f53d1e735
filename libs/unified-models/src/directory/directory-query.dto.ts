import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';

/** `true`/`false` from a query string (or already a boolean, once it has crossed NATS). */
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Every User Directory route reads one integrated account. */
export class DirectoryAccountQueryDto {
  /** The integrated account (a connected Dynamics 365 organization) to read. */
  @IsUUID()
  integrated_account_id: string;

  /** Adds `remote_data`: the raw Dataverse row. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_remote_data?: boolean = false;
}

/** `limit`, `next_cursor`, `updated_after` and `include_remote_data`, shared by the User Directory lists. */
export class DirectoryListQueryDto extends PageQueryDto {
  /** The integrated account (a connected Dynamics 365 organization) to read. */
  @IsUUID()
  integrated_account_id: string;

  /** Only records modified after this instant (ISO 8601, e.g. `2026-01-01T00:00:00Z`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  updated_after?: string;

  /** Adds `remote_data`: the raw Dataverse row. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_remote_data?: boolean = false;
}

/** Internal (gateway → directory-service): one record of an integrated account. */
export class DirectoryRecordRequestDto extends DirectoryAccountQueryDto {
  @IsUUID()
  id: string;
}
