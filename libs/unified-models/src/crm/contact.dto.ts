import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ActiveStatus, AddressDto, CrmRecordDto, EmailAddressDto, PhoneNumberDto, ReferenceDto } from './crm-common.dto';
import { CrmListQueryDto } from './crm-query.dto';

/** A person (Dataverse `contact`). */
export class ContactDto extends CrmRecordDto {
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  title: string | null;
  department: string | null;
  /** The account the contact works for (its parent customer, when that is an account). */
  account: ReferenceDto | null;
  owner: ReferenceDto | null;
  email_addresses: EmailAddressDto[];
  phone_numbers: PhoneNumberDto[];
  addresses: AddressDto[];
  description: string | null;
  status: ActiveStatus | null;
}

export class ListContactsQueryDto extends CrmListQueryDto {
  /** Only contacts whose parent customer is this account. */
  @IsOptional()
  @IsUUID()
  account_id?: string;

  /** Only contacts with this email address (any of their addresses, case-insensitive). */
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;
}
