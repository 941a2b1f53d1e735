import { DirectoryListQueryDto } from './directory-query.dto';

/** A Dynamics 365 organization (Dataverse `organization`): one per integrated account. */
export class DirectoryOrganizationDto {
  /** The Dataverse organization id (as WhoAmI reports it). */
  id: string;
  name: string | null;
  /** The base language as a BCP 47 tag (e.g. `en-US`), or the Windows LCID as text when we do not know it. */
  language: string | null;
  /** The ISO 4217 code of the base currency (e.g. `USD`); its name when the code is unavailable. */
  base_currency: string | null;
  created_at: string | null;
  /** The raw Dataverse row, with `include_remote_data=true`. */
  remote_data?: Record<string, unknown>;
}

export class ListDirectoryOrganizationsQueryDto extends DirectoryListQueryDto {}
