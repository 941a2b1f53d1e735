import { defineTable, Expand, SystemUserRow } from '@dua/dataverse-client';

type Guid = string;
type IsoDateTime = string;

/**
 * The columns of `systemuser` the directory reads. Not the library's SYSTEM_USER_TABLE: that one selects
 * `address1_telephone1`, which the emulator does not have yet (a `$select` of an unknown column is a 400).
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser
 */
export type DirectoryUserRow = Omit<SystemUserRow, 'address1_telephone1'> & {
  address1_telephone1?: string | null;
  homephone?: string | null;
  jobtitle?: string | null;
  /** `$expand=businessunitid($select=name)`. */
  businessunitid?: { name?: string | null } | null;
};

export const DIRECTORY_USER_TABLE = defineTable<DirectoryUserRow>({
  logicalName: 'systemuser',
  entitySet: 'systemusers',
  primaryKey: 'systemuserid',
  primaryName: 'fullname',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser',
  select: [
    'systemuserid', 'fullname', 'firstname', 'lastname', 'internalemailaddress', 'domainname', 'title', 'jobtitle',
    'isdisabled', 'azureactivedirectoryobjectid', 'applicationid', '_businessunitid_value', '_parentsystemuserid_value',
    'mobilephone', 'createdon', 'modifiedon',
  ],
});

/**
 * The business unit's name comes with each user in the same request (single-valued navigation property), so a page
 * of users costs one request whatever the number of business units.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables#expand-single-valued-navigation-properties
 */
export const USER_BUSINESS_UNIT_EXPAND: Expand = { navigation: 'businessunitid', select: ['name'] };

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/organization */
export interface OrganizationRow {
  organizationid: Guid;
  name: string | null;
  languagecode: number | null;
  _basecurrencyid_value: Guid | null;
  createdon?: IsoDateTime | null;
  modifiedon?: IsoDateTime | null;
  /** `$expand=basecurrencyid($select=isocurrencycode)`. */
  basecurrencyid?: { isocurrencycode?: string | null } | null;
}

/**
 * The organization table holds one row. It is read without `$select` (every column): it costs one row, `remote_data`
 * is then the whole row, and columns some environments lack (the emulator has no `createdon`) do not turn into a 400.
 */
export const ORGANIZATION_ENTITY_SET = 'organizations';

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/transactioncurrency */
export const ORGANIZATION_CURRENCY_EXPAND: Expand = { navigation: 'basecurrencyid', select: ['isocurrencycode'] };
