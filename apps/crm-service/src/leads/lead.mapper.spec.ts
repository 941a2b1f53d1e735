import { DataverseRow } from '@dua/dataverse-client';
import { attributesOf, withColumns } from '../testing/builders';
import recorded from '../testing/fixtures/leads.emulator.json';
import { mapLead } from './lead.mapper';

const [wei] = recorded.value as DataverseRow[];
const USD = new Map([['7aead3c7-aad6-46c5-aa29-1971510c93e2', 'USD']]);
const context = { currencyCodes: USD, attributes: attributesOf('lead', [wei]) };

describe('mapLead', () => {
  it('maps a disqualified lead recorded from the emulator, with source and status reason labels', () => {
    expect(mapLead(wei, context)).toEqual({
      first_name: 'Wei',
      last_name: 'Nguyen',
      name: 'Wei Nguyen',
      subject: 'Interested in expansion to emea',
      title: 'Project Manager',
      company_name: 'Relecloud Systems',
      email_addresses: [{ email: 'wei.nguyen@relecloudsystems.example', type: 'primary' }],
      phone_numbers: [{ number: '+1 206 555 0748', type: 'work' }],
      addresses: [{ street_1: '7784 Hillcrest Ave', street_2: null, city: 'Seattle', state: 'WA', postal_code: '98101', country: 'United States', type: 'primary' }],
      website: null,
      lead_source: { value: 7, label: 'Trade Show' },
      status: 'disqualified',
      status_reason: { value: 6, label: 'No Longer Interested' },
      estimated_amount: 472000,
      currency: 'USD',
      account: null,
      contact: null,
      owner: { id: '9fa20b07-d306-4031-b3f9-b533b9829d99' },
      description: null,
    });
  });

  it.each([
    [0, 'open'],
    [1, 'qualified'],
    [2, 'disqualified'],
  ])('maps statecode %i to %s', (statecode, status) => {
    expect(mapLead(withColumns(wei, { statecode }), context).status).toBe(status);
  });

  it('links the parent account and contact of a lead', () => {
    const row = withColumns(wei, { _parentaccountid_value: '00ddd769-14f0-4543-bd7f-44b752bdb80f', _parentcontactid_value: '3bd07cae-23e0-4f28-a1d6-5318f27d7f08' });
    expect(mapLead(row, context)).toMatchObject({ account: { id: '00ddd769-14f0-4543-bd7f-44b752bdb80f' }, contact: { id: '3bd07cae-23e0-4f28-a1d6-5318f27d7f08' } });
  });
});
