import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
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
