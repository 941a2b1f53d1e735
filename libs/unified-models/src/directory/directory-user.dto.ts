import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { DirectoryListQueryDto } from './directory-query.dto';

export enum DirectoryUserStatus {
  ACTIVE = 'active',
  DISABLED = 'disabled',
}

export enum DirectoryPhoneType {
  WORK = 'work',
  MOBILE = 'mobile',
  HOME = 'home',
  OTHER = 'other',
}

export class DirectoryReferenceDto {
  id: string;
}

export class DirectoryBusinessUnitDto {
  id: string;
  name: string | null;
}

export class DirectoryPhoneNumberDto {
  number: string;
  type: DirectoryPhoneType;
}

export class DirectoryUserExternalIdsDto {
  /** The user's Microsoft Entra ID object id (`oid`). */
  entra_object_id: string | null;
}

/** A Dynamics 365 user (Dataverse `systemuser`). Disabled and application users are listed and flagged, not hidden. */
export class DirectoryUserDto {
  id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  /** The primary email (`internalemailaddress`). */
  email: string | null;
  /** The sign-in name (`domainname`, the UPN). */
  username: string | null;
  title: string | null;
  status: DirectoryUserStatus;
  /** An application user (a non-interactive user behind an Entra app registration, e.g. an integration). */
  is_application_user: boolean;
  /** The Entra application (client) id of an application user. */
  application_id: string | null;
  business_unit: DirectoryBusinessUnitDto | null;
  manager: DirectoryReferenceDto | null;
  phone_numbers: DirectoryPhoneNumberDto[];
  external_ids: DirectoryUserExternalIdsDto;
  created_at: string | null;
  updated_at: string | null;
  /** The raw Dataverse row, with `include_remote_data=true`. */
  remote_data?: Record<string, unknown>;
}

export class ListDirectoryUsersQueryDto extends DirectoryListQueryDto {
  /** Only the user with this primary email (exact match, case-insensitive as in Dataverse). */
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;

  @IsOptional()
  @IsEnum(DirectoryUserStatus)
  status?: DirectoryUserStatus;
}
