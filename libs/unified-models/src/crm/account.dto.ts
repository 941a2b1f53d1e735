import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AddressInputDto, ChoiceInput, ChoiceInputDto, CrmWriteDto, EmailAddressInputDto, ListOf, PhoneNumberInputDto, ReferenceInput, ReferenceInputDto, CrmCreateRequestDto, CrmUpdateRequestDto, IsAmount } from './crm-write.dto';
import { ActiveStatus, AddressDto, ChoiceDto, CrmRecordDto, EmailAddressDto, PhoneNumberDto, ReferenceDto } from './crm-common.dto';
import { CrmListQueryDto } from './crm-query.dto';

/** A company (Dataverse `account`). */
export class AccountDto extends CrmRecordDto {
  name: string | null;
  description: string | null;
  industry: ChoiceDto | null;
  website: string | null;
  number_of_employees: number | null;
  annual_revenue: number | null;
  /** ISO 4217 code of the record's currency (`annual_revenue`). */
  currency: string | null;
  email_addresses: EmailAddressDto[];
  phone_numbers: PhoneNumberDto[];
  addresses: AddressDto[];
  parent_account: ReferenceDto | null;
  primary_contact: ReferenceDto | null;
  owner: ReferenceDto | null;
  status: ActiveStatus | null;
}

export class ListAccountsQueryDto extends CrmListQueryDto {}

/** The writable fields of an account. */
export class UpdateAccountDto extends CrmWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(160)
  name?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** `{value}` or the bare value of the org's `industrycode` options. */
  @ChoiceInput()
  industry?: ChoiceInputDto | number | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  number_of_employees?: number | null;

  @IsOptional()
  @IsAmount(4)
  @Min(0)
  @Max(100_000_000_000_000)
  annual_revenue?: number | null;

  /** ISO 4217 code of one of the org's currencies. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency?: string | null;

  /** Replaces every email address (at most one of each type); `[]` clears them. */
  @ListOf(() => EmailAddressInputDto, 3)
  email_addresses?: EmailAddressInputDto[] | null;

  /** Replaces every phone number (`work`, two `other`, `fax`); `[]` clears them. */
  @ListOf(() => PhoneNumberInputDto, 4)
  phone_numbers?: PhoneNumberInputDto[] | null;

  /** Replaces both addresses (`primary`, `secondary`); `[]` clears them. */
  @ListOf(() => AddressInputDto, 2)
  addresses?: AddressInputDto[] | null;

  @ReferenceInput()
  parent_account?: ReferenceInputDto | null;

  @ReferenceInput()
  primary_contact?: ReferenceInputDto | null;

  @ReferenceInput()
  owner?: ReferenceInputDto | null;

  @IsOptional()
  @IsEnum(ActiveStatus)
  status?: ActiveStatus;
}

/** A new account: `name` is required. */
export class CreateAccountDto extends UpdateAccountDto {
  @ApiProperty({ type: String, maxLength: 160 })
  declare name: string;
}

/** `crm.accounts.create` (NATS payload). */
export class CreateAccountRequestDto extends CrmCreateRequestDto(CreateAccountDto) {}

/** `crm.accounts.update` (NATS payload). */
export class UpdateAccountRequestDto extends CrmUpdateRequestDto(UpdateAccountDto) {}
