import { formattedValue } from '@dua/dataverse-client';
import { DirectoryPhoneNumberDto, DirectoryPhoneType, DirectoryUserDto, DirectoryUserStatus } from '@dua/unified-models';
import { DirectoryUserRow } from '../dataverse/directory.tables';

/** The phone columns of `systemuser`, in the order they are listed. */
const PHONE_COLUMNS: readonly { column: 'address1_telephone1' | 'mobilephone' | 'homephone'; type: DirectoryPhoneType }[] = [
  { column: 'address1_telephone1', type: DirectoryPhoneType.WORK },
  { column: 'mobilephone', type: DirectoryPhoneType.MOBILE },
  { column: 'homephone', type: DirectoryPhoneType.HOME },
];

/** A Dataverse `systemuser` row (with its business unit expanded) as a unified directory user. */
export function toDirectoryUser(row: DirectoryUserRow, options: { includeRemoteData?: boolean } = {}): DirectoryUserDto {
  const user: DirectoryUserDto = {
    id: row.systemuserid,
    name: blankToNull(row.fullname),
    first_name: blankToNull(row.firstname),
    last_name: blankToNull(row.lastname),
    email: blankToNull(row.internalemailaddress),
    // SYSTEM and application users have an empty domain name.
    username: blankToNull(row.domainname),
    title: blankToNull(row.title) ?? blankToNull(row.jobtitle),
    status: row.isdisabled ? DirectoryUserStatus.DISABLED : DirectoryUserStatus.ACTIVE,
    is_application_user: !!blankToNull(row.applicationid),
    application_id: blankToNull(row.applicationid),
    business_unit: row._businessunitid_value
      ? {
          id: row._businessunitid_value,
          name: blankToNull(row.businessunitid?.name) ?? formattedValue(row as unknown as Record<string, unknown>, '_businessunitid_value'),
        }
      : null,
    manager: row._parentsystemuserid_value ? { id: row._parentsystemuserid_value } : null,
    phone_numbers: phoneNumbersOf(row),
    external_ids: { entra_object_id: blankToNull(row.azureactivedirectoryobjectid) },
    created_at: row.createdon ?? null,
    updated_at: row.modifiedon ?? null,
  };
  if (options.includeRemoteData) user.remote_data = row as unknown as Record<string, unknown>;
  return user;
}

function phoneNumbersOf(row: DirectoryUserRow): DirectoryPhoneNumberDto[] {
  return PHONE_COLUMNS.flatMap(({ column, type }) => {
    const number = blankToNull(row[column]);
    return number ? [{ number, type }] : [];
  });
}

function blankToNull(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
