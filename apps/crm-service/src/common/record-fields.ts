import {
  ADDRESS_SLOTS,
  AddressField,
  DataverseRow,
  EntityAttributes,
  etagOf,
  formattedValue,
  isLookupType,
  lookupLogicalName,
} from '@dua/dataverse-client';
import {
  AddressDto,
  AddressInputDto,
  AddressType,
  ChoiceDto,
  ChoiceInputDto,
  EmailAddressInputDto,
  PhoneNumberInputDto,
  ReferenceInputDto,
  EmailAddressDto,
  EmailAddressType,
  PhoneNumberDto,
  PhoneNumberType,
  ReferenceDto,
  TypedReferenceDto,
} from '@dua/unified-models';
import { WritePlan } from './write-plan';

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

/**
 * A choice as `{value, label}`: the label Dataverse formatted when the row carries one, else the one of the org's
 * option set (cached metadata), so that reads need not ask Dataverse for formatted values at all.
 */
export function choice(row: DataverseRow, column: string, attributes: EntityAttributes): ChoiceDto | null {
  const value = row[column];
  return typeof value === 'number' ? { value, label: formattedValue(row, column) ?? attributes.optionLabel(column, value) } : null;
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
      fields[attribute.logicalName] = choice(row, column, attributes);
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

/*
 * The reverse direction: unified fields into a WritePlan, from the same column tables. `undefined` leaves a column
 * alone, `null` clears it, a written list replaces every slot of its kind.
 */

/** A relation field: the lookup column it is stored in and the table it points to. */
export interface ReferenceColumn {
  lookup: string;
  target: string;
}

/** Writes each given text or number field to its column; blank text clears (Dataverse stores "" as null). */
export function writeColumns<Input extends object>(plan: WritePlan, input: Input, columns: Readonly<Partial<Record<keyof Input & string, string>>>): void {
  for (const [field, column] of Object.entries(columns) as [keyof Input & string, string][]) {
    const value = input[field] as unknown;
    if (value === undefined) continue;
    plan.column(column, typeof value === 'string' && value.trim() === '' ? null : value);
  }
}

/** A choice written as `{value}` (or already its value); `null` clears. */
export function writeChoice(plan: WritePlan, input: ChoiceInputDto | number | null | undefined, column: string): void {
  if (input === undefined) return;
  plan.column(column, input === null ? null : typeof input === 'number' ? input : input.value);
}

/** A relation `{id}` written to its lookup; `null` clears it. */
export function writeReference(plan: WritePlan, field: string, input: ReferenceInputDto | null | undefined, column: ReferenceColumn): void {
  if (input === undefined) return;
  plan.lookup({ field, lookup: column.lookup, target: column.target, id: input === null ? null : input.id });
}

/** Fills the slots of a list kind in column order: each item takes the first free column of its type. */
function writeSlots<Item extends { type: string }>(
  plan: WritePlan,
  field: string,
  items: readonly Item[] | null | undefined,
  slots: readonly { column: string; type: string }[],
  valueOf: (item: Item) => string,
): void {
  if (items === undefined) return;
  const values = new Map<string, string | null>(slots.map(({ column }) => [column, null]));
  (items ?? []).forEach((item, index) => {
    const slot = slots.find(({ column, type }) => type === item.type && values.get(column) === null);
    if (!slot) {
      plan.refuse(`${field}.${index}.type`, `no more room for a ${item.type} entry (${slots.filter(({ type }) => type === item.type).length} at most)`);
      return;
    }
    values.set(slot.column, valueOf(item));
  });
  for (const [column, value] of values) plan.column(column, value);
}

export function writeEmailAddresses(plan: WritePlan, items: readonly EmailAddressInputDto[] | null | undefined, columns: readonly EmailColumn[] = EMAIL_COLUMNS): void {
  writeSlots(plan, 'email_addresses', items, columns, (item) => item.email);
}

export function writePhoneNumbers(plan: WritePlan, items: readonly PhoneNumberInputDto[] | null | undefined, columns: readonly PhoneColumn[]): void {
  writeSlots(plan, 'phone_numbers', items, columns, (item) => item.number);
}

/** Both address blocks: a written list replaces them; a block not in the list is cleared. */
export function writeAddresses(plan: WritePlan, items: readonly AddressInputDto[] | null | undefined): void {
  if (items === undefined) return;
  const seen = new Set<AddressType>();
  (items ?? []).forEach((item, index) => {
    if (seen.has(item.type)) plan.refuse(`addresses.${index}.type`, `only one ${item.type} address`);
    seen.add(item.type);
  });
  for (const { type, columns } of ADDRESS_BLOCKS) {
    const item = (items ?? []).find((candidate) => candidate.type === type);
    for (const [member, column] of columns) {
      const value = item?.[member];
      plan.column(column, typeof value === 'string' && value.trim() !== '' ? value : null);
    }
  }
}

/** The row's currency by ISO code (`transactioncurrencyid`); a code the org does not have is refused. */
export function writeCurrency(plan: WritePlan, code: string | null | undefined, currencyIds: ReadonlyMap<string, string>): void {
  if (code === undefined) return;
  if (code === null) {
    plan.lookup({ field: 'currency', lookup: 'transactioncurrencyid', target: 'transactioncurrency', id: null });
    return;
  }
  const id = currencyIds.get(code);
  if (!id) {
    plan.refuse('currency', `${code} is not a currency of this organization`);
    return;
  }
  plan.lookup({ field: 'currency', lookup: 'transactioncurrencyid', target: 'transactioncurrency', id });
}

/**
 * `statecode` from a status through the resource's state table, with the given reason or the state's default one
 * (Dataverse wants both together). https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api
 */
export function writeState<Status>(
  plan: WritePlan,
  status: Status | undefined,
  reason: ChoiceInputDto | number | null | undefined,
  states: Readonly<Record<number, Status>>,
  defaultReasons: Readonly<Record<number, number>>,
): void {
  if (reason !== undefined && reason !== null && status === undefined) {
    plan.refuse('status_reason', 'status_reason is written together with status');
    return;
  }
  if (status === undefined) return;
  const statecode = Number(Object.entries(states).find(([, candidate]) => candidate === status)?.[0]);
  const statuscode = reason === undefined || reason === null ? defaultReasons[statecode] : typeof reason === 'number' ? reason : reason.value;
  plan.state = { statecode, statuscode };
}

/** The reverse of `currencyOf`: currency ids by ISO code. */
export function currencyIdsOf(currencyCodes: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  return new Map([...currencyCodes].map(([id, code]) => [code, id]));
}
