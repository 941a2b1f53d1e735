import {
  ADDRESS_SLOTS,
  AddressField,
  choiceOf,
  DataverseRow,
  EntityAttributes,
  etagOf,
  formattedValue,
  isLookupType,
  lookupLogicalName,
} from '@dua/dataverse-client';
import {
  AddressDto,
  AddressType,
  ChoiceDto,
  EmailAddressDto,
  EmailAddressType,
  PhoneNumberDto,
  PhoneNumberType,
  ReferenceDto,
  TypedReferenceDto,
} from '@dua/unified-models';

/*
 * Pure helpers shared by the CRM mappers. Repeated Dataverse column blocks are declared once here, as tables.
 */

export interface EmailColumn {
  column: string;
  type: EmailAddressType;
}

/** `emailaddress1..3` of contact, account and lead. */
export const EMAIL_COLUMNS: readonly EmailColumn[] = [
  { column: 'emailaddress1', type: EmailAddressType.PRIMARY },
  { column: 'emailaddress2', type: EmailAddressType.SECONDARY },
  { column: 'emailaddress3', type: EmailAddressType.OTHER },
];

export interface PhoneColumn {
  column: string;
  type: PhoneNumberType;
}

/** Contact and lead: Business Phone, Home Phone, Telephone 3, Mobile Phone, Fax. */
export const PERSON_PHONE_COLUMNS: readonly PhoneColumn[] = [
  { column: 'telephone1', type: PhoneNumberType.WORK },
  { column: 'telephone2', type: PhoneNumberType.HOME },
  { column: 'telephone3', type: PhoneNumberType.OTHER },
  { column: 'mobilephone', type: PhoneNumberType.MOBILE },
  { column: 'fax', type: PhoneNumberType.FAX },
];

/** Account: Main Phone, Other Phone, Telephone 3, Fax. */
export const ACCOUNT_PHONE_COLUMNS: readonly PhoneColumn[] = [
  { column: 'telephone1', type: PhoneNumberType.WORK },
  { column: 'telephone2', type: PhoneNumberType.OTHER },
  { column: 'telephone3', type: PhoneNumberType.OTHER },
  { column: 'fax', type: PhoneNumberType.FAX },
];

/** Unified address member ← Dataverse `address{n}_` suffix. */
const ADDRESS_MEMBERS: readonly [Exclude<keyof AddressDto, 'type'>, AddressField][] = [
  ['street_1', 'line1'],
  ['street_2', 'line2'],
  ['city', 'city'],
  ['state', 'stateorprovince'],
  ['postal_code', 'postalcode'],
  ['country', 'country'],
];

const ADDRESS_TYPES: Record<(typeof ADDRESS_SLOTS)[number], AddressType> = { 1: AddressType.PRIMARY, 2: AddressType.SECONDARY };

/** A trimmed non-empty string, or null. */
export function text(row: DataverseRow, column: string): string | null {
  const value = row[column];
  if (typeof value !== 'string') return null;
  return value.trim() === '' ? null : value;
}

export function numberOf(row: DataverseRow, column: string): number | null {
  const value = row[column];
  return typeof value === 'number' ? value : null;
}

/** Every filled email column, in column order; an empty slot leaves no gap. */
export function emailAddressesOf(row: DataverseRow, columns: readonly EmailColumn[] = EMAIL_COLUMNS): EmailAddressDto[] {
  const result: EmailAddressDto[] = [];
  for (const { column, type } of columns) {
    const email = text(row, column);
    if (email !== null) result.push({ email, type });
  }
  return result;
}

export function phoneNumbersOf(row: DataverseRow, columns: readonly PhoneColumn[]): PhoneNumberDto[] {
  const result: PhoneNumberDto[] = [];
  for (const { column, type } of columns) {
    const number = text(row, column);
    if (number !== null) result.push({ number, type });
  }
  return result;
}

/** Each address block: its unified type and its unified member ← Dataverse column pairs, named once (not per row). */
const ADDRESS_BLOCKS = ADDRESS_SLOTS.map((slot) => ({
  type: ADDRESS_TYPES[slot],
  columns: ADDRESS_MEMBERS.map(([member, field]) => [member, `address${slot}_${field}`] as const),
}));

/** `address1_*` and `address2_*`, skipping a block that is entirely empty. */
export function addressesOf(row: DataverseRow): AddressDto[] {
  const result: AddressDto[] = [];
  for (const { type, columns } of ADDRESS_BLOCKS) {
    const address = { type } as AddressDto;
    let filled = false;
    for (const [member, column] of columns) {
      const value = text(row, column);
      address[member] = value;
      filled ||= value !== null;
    }
    if (filled) result.push(address);
  }
  return result;
}

/** `{id}` of a lookup read as `_x_value` (`column` is that name). */
export function referenceOf(row: DataverseRow, column: string): ReferenceDto | null {
  const id = row[column];
  return typeof id === 'string' ? { id } : null;
}

/** `{id, type}` of a polymorphic lookup; the type comes from the `lookuplogicalname` annotation. */
export function typedReferenceOf(row: DataverseRow, column: string): TypedReferenceDto | null {
  const id = row[column];
  return typeof id === 'string' ? { id, type: lookupLogicalName(row, column) } : null;
}

/** `{id}` only when the polymorphic lookup points to `type` (a contact's parent customer as its account). */
export function referenceOfType(row: DataverseRow, column: string, type: string): ReferenceDto | null {
  const reference = typedReferenceOf(row, column);
  return reference && reference.type === type ? { id: reference.id } : null;
}

export function choice(row: DataverseRow, column: string): ChoiceDto | null {
  return choiceOf(row, column);
}

/** The ISO code of the row's currency (`_transactioncurrencyid_value`). */
export function currencyOf(row: DataverseRow, currencyCodes: ReadonlyMap<string, string>): string | null {
  const id = row['_transactioncurrencyid_value'];
  return typeof id === 'string' ? (currencyCodes.get(id) ?? null) : null;
}

/** A state code through a resource's table; unknown codes stay null rather than guessed. */
export function stateOf<Status>(row: DataverseRow, table: Readonly<Record<number, Status>>): Status | null {
  const state = row['statecode'];
  return typeof state === 'number' ? (table[state] ?? null) : null;
}

/** Every custom column of the table, keyed by logical name: choices `{value,label}`, lookups `{id,type}`. */
export function customFieldsOf(row: DataverseRow, attributes: EntityAttributes): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const { attribute, column } of attributes.customColumns) {
    const value = row[column];
    if (value === undefined || value === null) {
      fields[attribute.logicalName] = null;
    } else if (isLookupType(attribute.attributeType)) {
      fields[attribute.logicalName] = { id: value, type: lookupLogicalName(row, column) ?? (attribute.targets.length === 1 ? attribute.targets[0] : null) };
    } else if (attribute.attributeType === 'Picklist' || attribute.attributeType === 'State' || attribute.attributeType === 'Status') {
      fields[attribute.logicalName] = choiceOf(row, column);
    } else if (attribute.attributeTypeName === 'MultiSelectPicklistType' && typeof value === 'string') {
      fields[attribute.logicalName] = multiChoiceOf(value, formattedValue(row, column), attribute.options);
    } else {
      fields[attribute.logicalName] = value;
    }
  }
  return fields;
}

function multiChoiceOf(value: string, formatted: string | null, options: readonly { value: number | boolean; label: string | null }[]): ChoiceDto[] {
  const labels = formatted?.split('; ') ?? [];
  return value.split(',').map((raw, index) => {
    const number = Number(raw);
    return { value: number, label: labels[index] ?? options.find((option) => option.value === number)?.label ?? null };
  });
}

/** The common record fields besides `id` and the resource's own. */
export function auditFieldsOf(row: DataverseRow): { created_at: string | null; updated_at: string | null; etag: string | null } {
  return { created_at: text(row, 'createdon'), updated_at: text(row, 'modifiedon'), etag: etagOf(row) };
}
