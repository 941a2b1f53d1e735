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
