import { Expand, SystemUserRow } from '@dua/dataverse-client';

type Guid = string;
type IsoDateTime = string;

/** A `systemuser` row as the directory reads it: the library's table, with its business unit expanded. */
export type DirectoryUserRow = SystemUserRow & {
  /** `$expand=businessunitid($select=name)`. */
  businessunitid?: { name?: string | null } | null;
};

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
 * is then the whole row, and a column some environment lacks cannot turn into a 400.
 */
export const ORGANIZATION_ENTITY_SET = 'organizations';

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/transactioncurrency */
export const ORGANIZATION_CURRENCY_EXPAND: Expand = { navigation: 'basecurrencyid', select: ['isocurrencycode'] };
