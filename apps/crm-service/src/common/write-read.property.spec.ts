import fc from 'fast-check';
import { DataverseRow, EntityAttributes, LOOKUP_LOGICAL_NAME } from '@dua/dataverse-client';
import {
  ActiveStatus,
  AddressType,
  CustomerType,
  EmailAddressType,
  LeadStatus,
  OpportunityStatus,
  PhoneNumberType,
  UpdateAccountDto,
  UpdateContactDto,
  UpdateLeadDto,
  UpdateOpportunityDto,
} from '@dua/unified-models';
import { mapAccount, unmapAccount } from '../accounts/account.mapper';
import { mapContact, unmapContact } from '../contacts/contact.mapper';
import { mapLead, unmapLead } from '../leads/lead.mapper';
import { mapOpportunity, unmapOpportunity } from '../opportunities/opportunity.mapper';
import { ACCOUNT_PHONE_COLUMNS, currencyIdsOf, EMAIL_COLUMNS, PERSON_PHONE_COLUMNS } from './record-fields';
import { WritePlan } from './write-plan';

/*
 * The reverse mappers and the read mappers are built from the same column tables; this checks they agree: any valid
 * value written through a reverse mapper and stored as Dataverse stores it reads back equal through the read mapper.
 */

const CURRENCY_CODES: ReadonlyMap<string, string> = new Map([
  ['0a2b6a4e-0000-4000-8000-000000000001', 'USD'],
  ['0a2b6a4e-0000-4000-8000-000000000002', 'EUR'],
]);

/** Metadata without option sets: a choice written reads back without a label. */
const NO_OPTION_SETS = new EntityAttributes('any', []);

/** What Dataverse holds after the write: the columns, each bound lookup as `_x_value` with its table, the state. */
function rowAfter(plan: WritePlan): DataverseRow {
  expect(plan.errors).toEqual([]);
  const row: DataverseRow = { ...plan.columns };
  for (const lookup of plan.lookups) {
    row[`_${lookup.lookup}_value`] = lookup.id;
    row[`_${lookup.lookup}_value${LOOKUP_LOGICAL_NAME}`] = lookup.id === null ? null : lookup.target;
  }
  if (plan.state) Object.assign(row, plan.state);
  return row;
}

/** Non-blank text as Dataverse keeps it (leading and trailing spaces included). */
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((value) => value.trim() !== '');
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const reference = fc.record({ id: fc.uuid({ version: 4 }) });

/** A list filling some of the slots of a column table, in column order (as the read side lists them). */
function slotsOf<Item>(columns: readonly { type: string }[], item: (type: string) => fc.Arbitrary<Item>): fc.Arbitrary<Item[]> {
  return fc.tuple(...columns.map(({ type }) => fc.option(item(type), { nil: undefined }))).map((items) => items.filter((entry): entry is Awaited<Item> & Item => entry !== undefined));
}

const emailAddresses = slotsOf(EMAIL_COLUMNS, (type) => fc.record({ email: text(100), type: fc.constant(type as EmailAddressType) }));
const phonesOf = (columns: readonly { type: string }[]) => slotsOf(columns, (type) => fc.record({ number: text(50), type: fc.constant(type as PhoneNumberType) }));

const address = (type: AddressType) =>
  fc
    .record({ street_1: nullable(text(250)), street_2: nullable(text(250)), city: nullable(text(80)), state: nullable(text(50)), postal_code: nullable(text(20)), country: nullable(text(80)) })
    .filter((members) => Object.values(members).some((value) => value !== null))
    .map((members) => ({ ...members, type }));
const addresses = fc.tuple(fc.option(address(AddressType.PRIMARY), { nil: undefined }), fc.option(address(AddressType.SECONDARY), { nil: undefined })).map((items) => items.filter((item) => item !== undefined));

const money = fc.integer({ min: 0, max: 1_000_000_000 }).map((cents) => cents / 100);

const contactInput: fc.Arbitrary<UpdateContactDto> = fc.record({
  first_name: nullable(text(50)),
  last_name: nullable(text(50)),
  title: nullable(text(100)),
  department: nullable(text(100)),
  account: nullable(reference),
  owner: nullable(reference),
  email_addresses: emailAddresses,
  phone_numbers: phonesOf(PERSON_PHONE_COLUMNS),
  addresses,
  description: nullable(text(2000)),
  status: fc.constantFrom(ActiveStatus.ACTIVE, ActiveStatus.INACTIVE),
});

const accountInput: fc.Arbitrary<UpdateAccountDto> = fc.record({
  name: nullable(text(160)),
  description: nullable(text(2000)),
  industry: nullable(fc.integer({ min: 1, max: 33 }).map((value) => ({ value }))),
  website: nullable(text(200)),
  number_of_employees: nullable(fc.integer({ min: 0, max: 1_000_000_000 })),
  annual_revenue: nullable(money),
  currency: nullable(fc.constantFrom('USD', 'EUR')),
  email_addresses: emailAddresses,
  phone_numbers: phonesOf(ACCOUNT_PHONE_COLUMNS),
  addresses,
  parent_account: nullable(reference),
  primary_contact: nullable(reference),
  owner: nullable(reference),
  status: fc.constantFrom(ActiveStatus.ACTIVE, ActiveStatus.INACTIVE),
});

const leadInput: fc.Arbitrary<UpdateLeadDto> = fc.record({
  first_name: nullable(text(50)),
  last_name: nullable(text(50)),
  subject: nullable(text(300)),
  title: nullable(text(100)),
  company_name: nullable(text(100)),
  email_addresses: emailAddresses,
  phone_numbers: phonesOf(PERSON_PHONE_COLUMNS),
  addresses,
  website: nullable(text(200)),
  lead_source: nullable(fc.integer({ min: 1, max: 10 }).map((value) => ({ value }))),
  status: fc.constantFrom(LeadStatus.OPEN, LeadStatus.DISQUALIFIED),
  status_reason: fc.integer({ min: 1, max: 7 }).map((value) => ({ value })),
  estimated_amount: nullable(money),
  currency: nullable(fc.constantFrom('USD', 'EUR')),
  account: nullable(reference),
  contact: nullable(reference),
  owner: nullable(reference),
  description: nullable(text(2000)),
});

const opportunityInput: fc.Arbitrary<UpdateOpportunityDto> = fc.record({
  name: nullable(text(300)),
  description: nullable(text(2000)),
  amount: nullable(money),
  currency: nullable(fc.constantFrom('USD', 'EUR')),
  probability: nullable(fc.integer({ min: 0, max: 100 })),
  close_date: nullable(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))),
  stage: nullable(text(200)),
  status: fc.constant(OpportunityStatus.OPEN),
  account: nullable(reference),
  contact: nullable(reference),
  customer: nullable(fc.record({ id: fc.uuid({ version: 4 }), type: fc.constantFrom(CustomerType.ACCOUNT, CustomerType.CONTACT) })),
  owner: nullable(reference),
  originating_lead: nullable(reference),
});

/** What the read side gives for a written value: choices gain a label (none without formatted values), references their type. */
function asRead(input: object): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    const isChoice = value !== null && typeof value === 'object' && 'value' in value;
    read[field] = isChoice ? { value: (value as { value: number }).value, label: null } : value;
  }
  return read;
}

describe('a value written through a reverse mapper reads back equal through the read mapper', () => {
  const currencyIds = currencyIdsOf(CURRENCY_CODES);

  it('contacts', () => {
    fc.assert(fc.property(contactInput, (input) => {
      expect(mapContact(rowAfter(unmapContact(input)))).toEqual({ ...asRead(input), name: null });
    }));
  });

  it('accounts', () => {
    fc.assert(fc.property(accountInput, (input) => {
      expect(mapAccount(rowAfter(unmapAccount(input, currencyIds)), { currencyCodes: CURRENCY_CODES, attributes: NO_OPTION_SETS })).toEqual(asRead(input));
    }));
  });

  it('leads', () => {
    fc.assert(fc.property(leadInput, (input) => {
      expect(mapLead(rowAfter(unmapLead(input, currencyIds)), { currencyCodes: CURRENCY_CODES, attributes: NO_OPTION_SETS })).toEqual({ ...asRead(input), name: null });
    }));
  });

  it('opportunities', () => {
    fc.assert(fc.property(opportunityInput, (input) => {
      expect(mapOpportunity(rowAfter(unmapOpportunity(input, currencyIds)), CURRENCY_CODES)).toEqual(asRead(input));
    }));
  });
});

describe('reverse mappers refuse what cannot be stored, naming the field', () => {
  it('more entries of a type than the record has slots', () => {
    const plan = unmapContact({ email_addresses: [{ email: 'a@example.com', type: EmailAddressType.PRIMARY }, { email: 'b@example.com', type: EmailAddressType.PRIMARY }] });
    expect(plan.errors).toEqual([{ field: 'email_addresses.1.type', message: expect.stringContaining('primary') }]);
  });

  it('a currency the organization does not have', () => {
    expect(unmapAccount({ currency: 'JPY' }, currencyIdsOf(CURRENCY_CODES)).errors).toEqual([{ field: 'currency', message: 'JPY is not a currency of this organization' }]);
  });

  it('a status reason without its status', () => {
    expect(unmapLead({ status_reason: { value: 4 } }, new Map()).errors).toEqual([{ field: 'status_reason', message: expect.any(String) }]);
  });

  it('leaves every field it is not given alone, and clears a relation written as null', () => {
    const plan = unmapAccount({ parent_account: null }, new Map());
    expect(plan.columns).toEqual({});
    expect(plan.lookups).toEqual([{ field: 'parent_account', lookup: 'parentaccountid', target: 'account', id: null }]);
  });
});
