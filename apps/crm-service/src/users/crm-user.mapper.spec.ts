import { DataverseRow } from '@dua/dataverse-client';
import { withColumns } from '../testing/builders';
import recorded from '../testing/fixtures/systemusers.emulator.json';
import { mapCrmUser } from './crm-user.mapper';

const [applicationUser, jessica] = recorded.value as DataverseRow[];

describe('mapCrmUser', () => {
  it('maps a user recorded from the emulator', () => {
    expect(mapCrmUser(jessica)).toEqual({
      name: 'Jessica Haddad',
      first_name: 'Jessica',
      last_name: 'Haddad',
      email: 'jessica.haddad2@contoso.example',
      title: 'Account Manager',
      is_active: true,
    });
  });

  it('maps an application user without an email, and a disabled user as inactive', () => {
    expect(mapCrmUser(applicationUser)).toMatchObject({ email: null, is_active: true });
    expect(mapCrmUser(withColumns(jessica, { isdisabled: true })).is_active).toBe(false);
  });
});
