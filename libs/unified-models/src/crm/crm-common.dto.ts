/** A related record. */
export class ReferenceDto {
  id: string;
}

/** A related record whose table can be one of several (`account` or `contact`, `systemuser` or `team`). */
export class TypedReferenceDto {
  id: string;
  /** The Dataverse table of the target, e.g. `account`. */
  type: string | null;
}

/** A Dataverse choice: its numeric value and its display label. */
export class ChoiceDto {
  value: number;
  label: string | null;
}

export enum EmailAddressType {
  PRIMARY = 'primary',
  SECONDARY = 'secondary',
  OTHER = 'other',
}

export class EmailAddressDto {
  email: string;
  type: EmailAddressType;
}

export enum PhoneNumberType {
  WORK = 'work',
  HOME = 'home',
  MOBILE = 'mobile',
  FAX = 'fax',
  OTHER = 'other',
}

export class PhoneNumberDto {
  number: string;
  type: PhoneNumberType;
}

export enum AddressType {
  PRIMARY = 'primary',
  SECONDARY = 'secondary',
}

export class AddressDto {
  street_1: string | null;
  street_2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  type: AddressType;
}

/** Fields every Unified CRM record has. */
export class CrmRecordDto {
  /** The Dataverse id of the row. */
  id: string;
  created_at: string | null;
  updated_at: string | null;
  /** The row version; send it as `If-Match` to update only this version. */
  etag: string | null;
  /**
   * Every custom column of the row, keyed by its Dataverse logical name (e.g. `new_tier`); choices as `{value, label}`,
   * lookups as `{id, type}`.
   */
  custom_fields: Record<string, unknown>;
  /** The raw Dataverse row, with `include_remote_data=true`. */
  remote_data?: Record<string, unknown>;
}

export enum ActiveStatus {
  ACTIVE = 'active',
  INACTIVE = 'inactive',
}
