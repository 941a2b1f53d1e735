import { EntityAttributes } from '@dua/dataverse-client';
import { attribute } from '../testing/builders';
import { writeCustomFields } from './custom-field-writes';
import { WritePlan } from './write-plan';

/** One custom column of every kind the metadata reader reports, as an org's makers add them. */
const ACCOUNT = new EntityAttributes('account', [
  attribute('name'),
  attribute('new_code', { isCustom: true, maxLength: 10 }),
  attribute('new_notes', { isCustom: true, attributeType: 'Memo', maxLength: 2000 }),
  attribute('new_seats', { isCustom: true, attributeType: 'Integer', minValue: 0, maxValue: 500 }),
  attribute('new_ratio', { isCustom: true, attributeType: 'Decimal', minValue: -1, maxValue: 1 }),
  attribute('new_budget', { isCustom: true, attributeType: 'Money', minValue: 0, maxValue: 1_000_000 }),
  attribute('new_active', { isCustom: true, attributeType: 'Boolean', options: [{ value: false, label: 'No' }, { value: true, label: 'Yes' }] }),
  attribute('new_renewal', { isCustom: true, attributeType: 'DateTime', dateFormat: 'DateOnly' }),
  attribute('new_lastcall', { isCustom: true, attributeType: 'DateTime', dateFormat: 'DateAndTime' }),
  attribute('new_tier', { isCustom: true, attributeType: 'Picklist', options: [{ value: 100000000, label: 'Gold' }, { value: 100000001, label: 'Silver' }] }),
  attribute('new_regions', {
    isCustom: true,
    attributeType: 'Virtual',
    attributeTypeName: 'MultiSelectPicklistType',
    options: [{ value: 1, label: 'EMEA' }, { value: 2, label: 'APAC' }, { value: 3, label: 'AMER' }],
  }),
  attribute('new_managerid', { isCustom: true, attributeType: 'Lookup', targets: ['systemuser'] }),
  attribute('new_partnerid', { isCustom: true, attributeType: 'Customer', targets: ['account', 'contact'] }),
  attribute('new_legacyid', { isCustom: true, isValidForUpdate: false }),
]);

function plan(input: Record<string, unknown>, mode: 'create' | 'update' = 'create'): WritePlan {
  const result = new WritePlan();
  writeCustomFields(result, input, ACCOUNT, mode);
  return result;
}

describe('custom_fields writes, checked against the metadata before anything is sent', () => {
  it('writes a value of every kind in the shape it is read in', () => {
    const manager = '2b4d3c1a-0000-4000-8000-000000000001';
    const partner = '2b4d3c1a-0000-4000-8000-000000000002';
    const written = plan({
      new_code: 'A-1',
      new_notes: 'Long text',
      new_seats: 12,
      new_ratio: -0.25,
      new_budget: 2500.5,
      new_active: true,
      new_renewal: '2027-01-31',
      new_lastcall: '2026-12-04T10:30:00Z',
      new_tier: { value: 100000001, label: 'ignored' },
      new_regions: [3, { value: 1 }],
      new_managerid: { id: manager },
      new_partnerid: { id: partner, type: 'contact' },
    });
    expect(written.errors).toEqual([]);
    expect(written.columns).toEqual({
      new_code: 'A-1',
      new_notes: 'Long text',
      new_seats: 12,
      new_ratio: -0.25,
      new_budget: 2500.5,
      new_active: true,
      new_renewal: '2027-01-31',
      new_lastcall: '2026-12-04T10:30:00Z',
      new_tier: 100000001,
      new_regions: '3,1',
    });
    expect(written.lookups).toEqual([
      { field: 'custom_fields.new_managerid', lookup: 'new_managerid', target: 'systemuser', id: manager },
      { field: 'custom_fields.new_partnerid', lookup: 'new_partnerid', target: 'contact', id: partner },
    ]);
  });

  it('clears with null, a lookup included, and an empty multi-select', () => {
    const written = plan({ new_code: null, new_regions: [], new_managerid: null }, 'update');
    expect(written.errors).toEqual([]);
    expect(written.columns).toEqual({ new_code: null, new_regions: null });
    expect(written.lookups).toEqual([expect.objectContaining({ lookup: 'new_managerid', id: null })]);
  });

  it.each([
    ['an unknown key', { new_nothing: 1 }, 'new_nothing is not a custom field of account'],
    ['a standard column', { name: 'X' }, 'name is not a custom field of account'],
    ['a string too long', { new_code: 'x'.repeat(11) }, 'must be at most 10 characters'],
    ['a number for text', { new_code: 5 }, 'must be a string'],
    ['a fraction for a whole number', { new_seats: 1.5 }, 'must be an integer'],
    ['a whole number above its range', { new_seats: 501 }, 'must be at most 500'],
    ['a decimal below its range', { new_ratio: -2 }, 'must be at least -1'],
    ['a string for yes/no', { new_active: 'yes' }, 'must be true or false'],
    ['a date and time for a date', { new_renewal: '2027-01-31T00:00:00Z' }, 'must be a date (YYYY-MM-DD)'],
    ['a date without an offset', { new_lastcall: '2026-12-04T10:30:00' }, 'must be an ISO 8601 date and time with an offset'],
    ['an option the choice does not have', { new_tier: 7 }, '7 is not one of its options (100000000, 100000001)'],
    ['a multi-select that is not a list', { new_regions: 1 }, 'must be a list of option values'],
    ['a multi-select option it does not have', { new_regions: [1, 9] }, '9 is not one of its options (1, 2, 3)'],
    ['a lookup without a UUID', { new_managerid: { id: 'x' } }, 'id must be a UUID'],
    ['a lookup to a table it cannot point to', { new_managerid: { id: '2b4d3c1a-0000-4000-8000-000000000001', type: 'team' } }, 'type must be one of systemuser'],
    ['a polymorphic lookup without its type', { new_partnerid: { id: '2b4d3c1a-0000-4000-8000-000000000001' } }, 'type must be one of account, contact'],
    ['a lookup with extra members', { new_managerid: { id: '2b4d3c1a-0000-4000-8000-000000000001', name: 'x' } }, 'unknown members: name'],
  ])('refuses %s, naming the field', (_, input, message) => {
    const [key] = Object.keys(input);
    const written = plan(input);
    expect(written.errors).toEqual([{ field: `custom_fields.${key}`, message }]);
    expect(written.columns).toEqual({});
    expect(written.lookups).toEqual([]);
  });

  it('refuses a column that cannot be written on update, and names every bad key at once', () => {
    expect(plan({ new_legacyid: 'L-1', new_code: 'x'.repeat(11) }, 'update').errors.map((error) => error.field)).toEqual(['custom_fields.new_legacyid', 'custom_fields.new_code']);
    expect(plan({ new_legacyid: 'L-1' }, 'create').errors).toEqual([]);
  });
});
