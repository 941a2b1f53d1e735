import { DataverseRow, FORMATTED_VALUE } from '@dua/dataverse-client';
import { attribute, attributesOf, withColumns } from '../testing/builders';
import recorded from '../testing/fixtures/accounts.emulator.json';
import { mapAccount } from './account.mapper';

const [logistics] = recorded.value as DataverseRow[];
const USD = new Map([['7aead3c7-aad6-46c5-aa29-1971510c93e2', 'USD']]);
const context = { currencyCodes: USD, attributes: attributesOf('account', [logistics]) };

describe('mapAccount', () => {
  it('maps an account recorded from the emulator, industry as {value,label} and revenue with its currency code', () => {
    expect(mapAccount(logistics, context)).toEqual({
      name: 'Adventure Works Logistics',
      description: null,
      industry: { value: 24, label: 'Petrochemical Extraction and Distribution' },
      website: 'https://www.adventureworkslogistics.example',
      number_of_employees: 14747,
      annual_revenue: 475116000,
      currency: 'USD',
      email_addresses: [{ email: 'info@adventureworkslogistics.example', type: 'primary' }],
      phone_numbers: [{ number: '+1 312 555 9589', type: 'work' }],
      addresses: [{ street_1: '6594 Oak Ave', street_2: null, city: 'Chicago', state: 'IL', postal_code: '60601', country: 'United States', type: 'primary' }],
      parent_account: { id: '746a8fa7-7f52-41fc-bcfc-ab80ccd1aca4' },
      primary_contact: { id: '9df14e76-ba7e-426a-940e-8d37a02b6333' },
      owner: { id: '60e58513-e0d1-470d-afe7-2e0620d4ba2a' },
      status: 'active',
    });
  });

  it('gives a null currency and industry when the row has none, and maps an inactive account', () => {
    const row = withColumns(logistics, { industrycode: null, revenue: null, _transactioncurrencyid_value: null, statecode: 1, fax: '+1 312 555 0001' });
    expect(mapAccount(row, context)).toMatchObject({
      industry: null,
      annual_revenue: null,
      currency: null,
      status: 'inactive',
      phone_numbers: [
        { number: '+1 312 555 9589', type: 'work' },
        { number: '+1 312 555 0001', type: 'fax' },
      ],
    });
  });

  it('leaves an unknown state code null rather than guessing', () => {
    expect(mapAccount(withColumns(logistics, { statecode: 7 }), context).status).toBeNull();
  });

  it('labels the industry from the org option set when the row has no formatted values (lists ask only for lookup types)', () => {
    const bare = Object.fromEntries(Object.entries(logistics).filter(([key]) => !key.endsWith(FORMATTED_VALUE)));
    const industry = attribute('industrycode', { attributeType: 'Picklist', options: [{ value: 24, label: 'Petrochemical Extraction and Distribution' }, { value: 25, label: 'Retail' }] });
    expect(mapAccount(bare, { currencyCodes: USD, attributes: attributesOf('account', [bare], [industry]) }).industry).toEqual({ value: 24, label: 'Petrochemical Extraction and Distribution' });
    expect(mapAccount(bare, { currencyCodes: USD, attributes: attributesOf('account', [bare]) }).industry).toEqual({ value: 24, label: null });
  });
});
