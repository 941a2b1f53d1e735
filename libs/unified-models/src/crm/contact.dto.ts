import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ActiveStatus, AddressDto, CrmRecordDto, EmailAddressDto, PhoneNumberDto, ReferenceDto } from './crm-common.dto';
import { CrmListQueryDto } from './crm-query.dto';
import { CrmCreateRequestDto, CrmUpdateRequestDto, PersonWriteDto, ReferenceInput, ReferenceInputDto } from './crm-write.dto';

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

/** The writable fields of a contact (`name` is computed from the first and last names). */
export class UpdateContactDto extends PersonWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  department?: string | null;

  /** The account the contact works for (its parent customer). */
  @ReferenceInput()
  account?: ReferenceInputDto | null;

  @IsOptional()
  @IsEnum(ActiveStatus)
  status?: ActiveStatus;
}

/** A new contact: `last_name` is required. */
export class CreateContactDto extends UpdateContactDto {
  @ApiProperty({ type: String, maxLength: 50 })
  declare last_name: string;
}

/** `crm.contacts.create` (NATS payload). */
export class CreateContactRequestDto extends CrmCreateRequestDto(CreateContactDto) {}

/** `crm.contacts.update` (NATS payload). */
export class UpdateContactRequestDto extends CrmUpdateRequestDto(UpdateContactDto) {}
