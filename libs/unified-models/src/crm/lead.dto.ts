import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ChoiceInput, ChoiceInputDto, CrmCreateRequestDto, CrmUpdateRequestDto, PersonWriteDto, ReferenceInput, ReferenceInputDto, IsAmount } from './crm-write.dto';
import { AddressDto, ChoiceDto, CrmRecordDto, EmailAddressDto, PhoneNumberDto, ReferenceDto } from './crm-common.dto';
import { CrmListQueryDto } from './crm-query.dto';

export enum LeadStatus {
  OPEN = 'open',
  QUALIFIED = 'qualified',
  DISQUALIFIED = 'disqualified',
}

/** A prospect (Dataverse `lead`). */
export class LeadDto extends CrmRecordDto {
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  subject: string | null;
  title: string | null;
  company_name: string | null;
  email_addresses: EmailAddressDto[];
  phone_numbers: PhoneNumberDto[];
  addresses: AddressDto[];
  website: string | null;
  lead_source: ChoiceDto | null;
  status: LeadStatus | null;
  status_reason: ChoiceDto | null;
  estimated_amount: number | null;
  /** ISO 4217 code of `estimated_amount`. */
  currency: string | null;
  account: ReferenceDto | null;
  contact: ReferenceDto | null;
  owner: ReferenceDto | null;
  description: string | null;
}

export class ListLeadsQueryDto extends CrmListQueryDto {
  @IsOptional()
  @IsEnum(LeadStatus)
  status?: LeadStatus;

  /** Only leads with this email address (case-insensitive). */
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;
}

/** The statuses a lead can be written to; `qualified` is reached through `POST /unified/crm/leads/{id}/qualify`. */
export const WRITABLE_LEAD_STATUSES = [LeadStatus.OPEN, LeadStatus.DISQUALIFIED] as const;

/** The writable fields of a lead (`name` is computed from the first and last names). */
export class UpdateLeadDto extends PersonWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(300)
  subject?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  company_name?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string | null;

  /** `{value}` or the bare value of the org's `leadsourcecode` options. */
  @ChoiceInput()
  lead_source?: ChoiceInputDto | number | null;

  /** `open` or `disqualified`; a lead is qualified through `POST /unified/crm/leads/{id}/qualify`. */
  @IsOptional()
  @IsIn(WRITABLE_LEAD_STATUSES, { message: 'status must be open or disqualified: a lead is qualified through POST /unified/crm/leads/{id}/qualify' })
  @ApiProperty({ required: false, enum: WRITABLE_LEAD_STATUSES })
  status?: LeadStatus;

  /** A `statuscode` of the org that belongs to `status` (sent with it); without it, the status's default reason. */
  @ChoiceInput()
  status_reason?: ChoiceInputDto | number | null;

  @IsOptional()
  @IsAmount(4)
  @Min(0)
  @Max(1_000_000_000_000)
  estimated_amount?: number | null;

  /** ISO 4217 code of one of the org's currencies. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency?: string | null;

  @ReferenceInput()
  account?: ReferenceInputDto | null;

  @ReferenceInput()
  contact?: ReferenceInputDto | null;

}

/** A new lead: `last_name` or `company_name` is required. */
export class CreateLeadDto extends UpdateLeadDto {}

/** `crm.leads.create` (NATS payload). */
export class CreateLeadRequestDto extends CrmCreateRequestDto(CreateLeadDto) {}

/** `crm.leads.update` (NATS payload). */
export class UpdateLeadRequestDto extends CrmUpdateRequestDto(UpdateLeadDto) {}
