import { DataverseRow } from '@dua/dataverse-client';
import { MappingContext } from '../common/crm-resource';
import { toRecord } from '../common/crm-reader';
import { attributesOf, contactCustomAttributes, withColumns } from '../testing/builders';
import recorded from '../testing/fixtures/contacts.emulator.json';
import { CONTACTS } from './contacts.resource';
import { mapContact } from './contact.mapper';

const [ryan, second] = recorded.value as DataverseRow[];
const context: MappingContext = { attributes: attributesOf('contact', recorded.value, contactCustomAttributes()), currencyCodes: new Map() };

describe('mapContact', () => {
  it('maps a contact recorded from the emulator', () => {
    expect(toRecord(CONTACTS, ryan as never, context, false)).toEqual({
      id: ryan['contactid'],
      first_name: 'Ryan',
      last_name: 'Hill',
      name: 'Ryan Hill',
      title: 'Facilities Manager',
      department: null,
      account: { id: 'aa6e9a61-3013-48dc-847c-a475f04c5f5b' },
      owner: { id: 'eb883e8b-d301-4418-8a6f-9ee43489fbec' },
      email_addresses: [{ email: 'ryan.hill23@example.com', type: 'primary' }],
      phone_numbers: [
        { number: '+1 617 555 1107', type: 'work' },
        { number: '+1 617 555 8924', type: 'mobile' },
      ],
      addresses: [{ street_1: '5933 Maple Dr', street_2: null, city: 'Boston', state: 'MA', postal_code: '02108', country: 'United States', type: 'primary' }],
      description: null,
      status: 'active',
      created_at: '2025-07-15T21:45:04Z',
      updated_at: '2025-07-25T21:45:04Z',
      etag: 'W/"1329882"',
      custom_fields: expect.objectContaining({ creb7_externalref: null }),
    });
  });

  it('keeps emailaddress3 when emailaddress2 is empty, and telephone2 as a home number', () => {
    const row = withColumns(ryan, { emailaddress1: null, emailaddress2: '', emailaddress3: 'ryan@home.example', telephone2: '+1 617 555 0000' });
    expect(mapContact(row)).toMatchObject({
      email_addresses: [{ email: 'ryan@home.example', type: 'other' }],
      phone_numbers: [
        { number: '+1 617 555 1107', type: 'work' },
        { number: '+1 617 555 0000', type: 'home' },
        { number: '+1 617 555 8924', type: 'mobile' },
      ],
    });
  });

  it('reads address2_* as a secondary address and skips an address block that is entirely empty', () => {
    const row = withColumns(ryan, { address1_line1: null, address1_city: null, address1_stateorprovince: null, address1_postalcode: null, address1_country: null, address2_city: 'Salem' });
    expect(mapContact(row).addresses).toEqual([{ street_1: null, street_2: null, city: 'Salem', state: null, postal_code: null, country: null, type: 'secondary' }]);
  });

  it('gives no account when the parent customer is a contact (polymorphic lookup)', () => {
    const row = withColumns(ryan, {
      '_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'parentcustomerid_contact',
      '_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      _parentcustomerid_value: second['contactid'],
    });
    expect(mapContact(row).account).toBeNull();
  });

  it('maps an inactive contact without a name, parent or owner to nulls and empty lists', () => {
    const row = withColumns(ryan, {
      firstname: null, lastname: null, fullname: null, jobtitle: null, emailaddress1: null, telephone1: null, mobilephone: null,
      address1_line1: null, address1_city: null, address1_stateorprovince: null, address1_postalcode: null, address1_country: null,
      _parentcustomerid_value: null, _ownerid_value: null, statecode: 1, statuscode: 2,
    });
    expect(mapContact(row)).toEqual({
      first_name: null, last_name: null, name: null, title: null, department: null, account: null, owner: null,
      email_addresses: [], phone_numbers: [], addresses: [], description: null, status: 'inactive',
    });
  });

  it('puts every custom column in custom_fields: choices as {value,label}, lookups as {id,type}', () => {
    const row = withColumns(ryan, {
      'new_preferredchannel@OData.Community.Display.V1.FormattedValue': 'Email',
      new_preferredchannel: 100000000,
      new_lifetimevalue: 1250.5,
      new_isvip: true,
      '_new_referredbyid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      _new_referredbyid_value: second['contactid'],
    });
    expect(toRecord(CONTACTS, row as never, context, true)).toMatchObject({
      custom_fields: {
        creb7_externalref: null,
        new_preferredchannel: { value: 100000000, label: 'Email' },
        new_lifetimevalue: 1250.5,
        creb7_nextreviewdate: null,
        new_isvip: true,
        new_referredbyid: { id: second['contactid'], type: 'contact' },
      },
      remote_data: row,
    });
  });
});
