import { ADDRESS_COLUMNS, AddressRow } from './address-columns';
import { defineTable } from './table-descriptor';

type Guid = string;
type IsoDateTime = string;

interface AuditedRow {
  createdon: IsoDateTime;
  modifiedon: IsoDateTime;
  '@odata.etag'?: string;
}

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/account */
export interface AccountRow extends AuditedRow, AddressRow {
  accountid: Guid;
  name: string | null;
  description: string | null;
  industrycode: number | null;
  websiteurl: string | null;
  numberofemployees: number | null;
  revenue: number | null;
  _transactioncurrencyid_value: Guid | null;
  emailaddress1: string | null;
  emailaddress2: string | null;
  emailaddress3: string | null;
  telephone1: string | null;
  telephone2: string | null;
  telephone3: string | null;
  fax: string | null;
  _parentaccountid_value: Guid | null;
  _primarycontactid_value: Guid | null;
  _ownerid_value: Guid | null;
  statecode: number;
  statuscode: number;
}

export const ACCOUNT_TABLE = defineTable<AccountRow>({
  logicalName: 'account',
  entitySet: 'accounts',
  primaryKey: 'accountid',
  primaryName: 'name',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/account',
  select: [
    'accountid', 'name', 'description', 'industrycode', 'websiteurl', 'numberofemployees', 'revenue',
    '_transactioncurrencyid_value', 'emailaddress1', 'emailaddress2', 'emailaddress3', 'telephone1', 'telephone2',
    'telephone3', 'fax', ...ADDRESS_COLUMNS, '_parentaccountid_value', '_primarycontactid_value', '_ownerid_value',
    'statecode', 'statuscode', 'createdon', 'modifiedon',
  ],
});

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/contact */
export interface ContactRow extends AuditedRow, AddressRow {
  contactid: Guid;
  firstname: string | null;
  lastname: string | null;
  fullname: string | null;
  jobtitle: string | null;
  department: string | null;
  description: string | null;
  emailaddress1: string | null;
  emailaddress2: string | null;
  emailaddress3: string | null;
  telephone1: string | null;
  telephone2: string | null;
  telephone3: string | null;
  mobilephone: string | null;
  fax: string | null;
  _parentcustomerid_value: Guid | null;
  _ownerid_value: Guid | null;
  statecode: number;
  statuscode: number;
}

export const CONTACT_TABLE = defineTable<ContactRow>({
  logicalName: 'contact',
  entitySet: 'contacts',
  primaryKey: 'contactid',
  primaryName: 'fullname',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/contact',
  select: [
    'contactid', 'firstname', 'lastname', 'fullname', 'jobtitle', 'department', 'description', 'emailaddress1',
    'emailaddress2', 'emailaddress3', 'telephone1', 'telephone2', 'telephone3', 'mobilephone', 'fax',
    ...ADDRESS_COLUMNS, '_parentcustomerid_value', '_ownerid_value', 'statecode', 'statuscode', 'createdon', 'modifiedon',
  ],
});

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser */
export interface SystemUserRow extends AuditedRow {
  systemuserid: Guid;
  fullname: string | null;
  firstname: string | null;
  lastname: string | null;
  internalemailaddress: string | null;
  domainname: string | null;
  title: string | null;
  isdisabled: boolean;
  azureactivedirectoryobjectid: Guid | null;
  applicationid: Guid | null;
  _businessunitid_value: Guid | null;
  _parentsystemuserid_value: Guid | null;
  address1_telephone1: string | null;
  mobilephone: string | null;
}

export const SYSTEM_USER_TABLE = defineTable<SystemUserRow>({
  logicalName: 'systemuser',
  entitySet: 'systemusers',
  primaryKey: 'systemuserid',
  primaryName: 'fullname',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser',
  select: [
    'systemuserid', 'fullname', 'firstname', 'lastname', 'internalemailaddress', 'domainname', 'title', 'isdisabled',
    'azureactivedirectoryobjectid', 'applicationid', '_businessunitid_value', '_parentsystemuserid_value',
    'address1_telephone1', 'mobilephone', 'createdon', 'modifiedon',
  ],
});
