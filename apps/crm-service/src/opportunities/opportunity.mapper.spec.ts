import { DataverseRow } from '@dua/dataverse-client';
import { withColumns } from '../testing/builders';
import recorded from '../testing/fixtures/opportunities.emulator.json';
import { mapOpportunity } from './opportunity.mapper';

const [units] = recorded.value as DataverseRow[];
const USD = new Map([['7aead3c7-aad6-46c5-aa29-1971510c93e2', 'USD']]);

describe('mapOpportunity', () => {
  it('maps an open opportunity recorded from the emulator: stage is the pipeline step, customer is typed', () => {
    expect(mapOpportunity(units, USD)).toEqual({
      name: '500 units of product',
      description: null,
      amount: 889000,
      currency: 'USD',
      probability: 25,
      close_date: '2025-07-08',
      stage: '1-Qualify',
      status: 'open',
      account: { id: '27fc9843-c89c-4ef5-a0de-f9a0c6d46984' },
      contact: null,
      customer: { id: '27fc9843-c89c-4ef5-a0de-f9a0c6d46984', type: 'account' },
      owner: { id: '8cc6bbaa-ea99-4339-8302-4fd8275640c5' },
      originating_lead: null,
    });
  });

  it('types a customer that is a contact from the lookuplogicalname annotation', () => {
    const row = withColumns(units, {
      '_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'customerid_contact',
      '_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      _customerid_value: '9df14e76-ba7e-426a-940e-8d37a02b6333',
      _parentaccountid_value: null,
    });
    expect(mapOpportunity(row, USD)).toMatchObject({ customer: { id: '9df14e76-ba7e-426a-940e-8d37a02b6333', type: 'contact' }, account: null });
  });

  it.each([
    [0, 'open'],
    [1, 'won'],
    [2, 'lost'],
  ])('maps statecode %i to %s', (statecode, status) => {
    expect(mapOpportunity(withColumns(units, { statecode }), USD).status).toBe(status);
  });

  it('gives a null currency for a currency the org does not list', () => {
    expect(mapOpportunity(units, new Map()).currency).toBeNull();
  });
});
