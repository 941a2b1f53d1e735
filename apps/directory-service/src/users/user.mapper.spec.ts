import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryUserRow } from '../dataverse/directory.tables';
import { toDirectoryUser } from './user.mapper';

/** Rows as the emulator answered `systemusers?$select=…&$expand=businessunitid($select=name)`; the last one edited by hand to carry the gaps of a real org. */
const rows: DirectoryUserRow[] = JSON.parse(readFileSync(join(__dirname, 'fixtures/systemusers.emulator.json'), 'utf8'));
const rowNamed = (fullname: string): DirectoryUserRow => {
  const row = rows.find((candidate) => candidate.fullname === fullname);
  if (!row) throw new Error(`no fixture row ${fullname}`);
  return row;
};

describe('toDirectoryUser', () => {
  it('maps an active user with the business unit name from the expanded lookup', () => {
    expect(toDirectoryUser(rowNamed('Jessica Haddad'))).toEqual({
      id: '3bd07cae-23e0-4f28-a1d6-5318f27d7f08',
      name: 'Jessica Haddad',
      first_name: 'Jessica',
      last_name: 'Haddad',
      email: 'jessica.haddad2@contoso.example',
      username: 'jessica.haddad2@contoso.example',
      title: 'Account Manager',
      status: 'active',
      is_application_user: false,
      application_id: null,
      business_unit: { id: '4db23aa1-2be5-4ae7-a95f-e10a9d361561', name: 'Customer Service' },
      manager: null,
      phone_numbers: [{ number: '+1 425 555 6975', type: 'mobile' }],
      external_ids: { entra_object_id: 'ad6f8cb8-8e08-4b3a-8961-b2c1a69c0374' },
      created_at: '2023-07-16T00:00:00Z',
      updated_at: '2023-07-16T00:00:00Z',
    });
  });

  it('flags a disabled user as disabled rather than hiding it', () => {
    expect(toDirectoryUser(rowNamed('Ingrid Smith'))).toMatchObject({ status: 'disabled', is_application_user: false, email: 'ingrid.smith10@contoso.example' });
  });

  it('flags an application user by its application id; it has no email, username or phone', () => {
    expect(toDirectoryUser(rowNamed('# Contoso Integration'))).toMatchObject({
      status: 'active',
      is_application_user: true,
      application_id: 'd2741b1b-f681-45fc-a275-70c15081e52f',
      email: null,
      username: null,
      phone_numbers: [],
      business_unit: { id: '23b93ab7-2afd-48a7-a2b3-776f8622032e', name: 'contoso' },
    });
  });

  it('turns the empty domain name of SYSTEM into a null username and keeps a null first name', () => {
    expect(toDirectoryUser(rowNamed('SYSTEM'))).toMatchObject({ username: null, first_name: null, last_name: 'SYSTEM', is_application_user: false });
  });

  it('falls back to the lookup formatted value for the business unit name, and to jobtitle for the title', () => {
    const user = toDirectoryUser(rowNamed('Donald Patel'));
    expect(user.business_unit).toEqual({ id: 'a2e4981b-aa3f-4099-8cea-0a59e00c5088', name: 'Marketing' });
    expect(user.title).toBe('Marketing Lead');
  });

  it('keeps the manager as a reference, the main phone as work, and drops a blank mobile and a missing Entra id', () => {
    const user = toDirectoryUser(rowNamed('Donald Patel'));
    expect(user.manager).toEqual({ id: '417705fd-e2a6-42dc-8bad-f0b80c5cac7c' });
    expect(user.phone_numbers).toEqual([{ number: '+1 425 555 0100', type: 'work' }]);
    expect(user.external_ids).toEqual({ entra_object_id: null });
  });

  it('has no business unit when the lookup is empty', () => {
    const row = { ...rowNamed('Jessica Haddad'), _businessunitid_value: null, businessunitid: null };
    expect(toDirectoryUser(row).business_unit).toBeNull();
  });

  it('adds the raw row as remote_data only when asked', () => {
    const row = rowNamed('Jessica Haddad');
    expect(toDirectoryUser(row)).not.toHaveProperty('remote_data');
    expect(toDirectoryUser(row, { includeRemoteData: true }).remote_data).toEqual(row);
  });
});
