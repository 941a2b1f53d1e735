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
  jobtitle: string | null;
  isdisabled: boolean;
  azureactivedirectoryobjectid: Guid | null;
  applicationid: Guid | null;
  _businessunitid_value: Guid | null;
  _parentsystemuserid_value: Guid | null;
  address1_telephone1: string | null;
  homephone: string | null;
  mobilephone: string | null;
}

export const SYSTEM_USER_TABLE = defineTable<SystemUserRow>({
  logicalName: 'systemuser',
  entitySet: 'systemusers',
  primaryKey: 'systemuserid',
  primaryName: 'fullname',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser',
  select: [
    'systemuserid', 'fullname', 'firstname', 'lastname', 'internalemailaddress', 'domainname', 'title', 'jobtitle',
    'isdisabled', 'azureactivedirectoryobjectid', 'applicationid', '_businessunitid_value', '_parentsystemuserid_value',
    'address1_telephone1', 'homephone', 'mobilephone', 'createdon', 'modifiedon',
  ],
});

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/lead */
export interface LeadRow extends AuditedRow, AddressRow {
  leadid: Guid;
  subject: string | null;
  firstname: string | null;
  lastname: string | null;
  fullname: string | null;
  jobtitle: string | null;
  companyname: string | null;
  description: string | null;
  websiteurl: string | null;
  emailaddress1: string | null;
  emailaddress2: string | null;
  emailaddress3: string | null;
  telephone1: string | null;
  telephone2: string | null;
  telephone3: string | null;
  mobilephone: string | null;
  fax: string | null;
  leadsourcecode: number | null;
  estimatedamount: number | null;
  _transactioncurrencyid_value: Guid | null;
  _parentaccountid_value: Guid | null;
  _parentcontactid_value: Guid | null;
  _ownerid_value: Guid | null;
  /** 0 Open, 1 Qualified, 2 Disqualified. */
  statecode: number;
  statuscode: number;
}

export const LEAD_TABLE = defineTable<LeadRow>({
  logicalName: 'lead',
  entitySet: 'leads',
  primaryKey: 'leadid',
  primaryName: 'fullname',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/lead',
  select: [
    'leadid', 'subject', 'firstname', 'lastname', 'fullname', 'jobtitle', 'companyname', 'description', 'websiteurl',
    'emailaddress1', 'emailaddress2', 'emailaddress3', 'telephone1', 'telephone2', 'telephone3', 'mobilephone', 'fax',
    ...ADDRESS_COLUMNS, 'leadsourcecode', 'estimatedamount', '_transactioncurrencyid_value', '_parentaccountid_value',
    '_parentcontactid_value', '_ownerid_value', 'statecode', 'statuscode', 'createdon', 'modifiedon',
  ],
});

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/opportunity */
export interface OpportunityRow extends AuditedRow {
  opportunityid: Guid;
  name: string | null;
  description: string | null;
  estimatedvalue: number | null;
  _transactioncurrencyid_value: Guid | null;
  closeprobability: number | null;
  /** Date only: `YYYY-MM-DD`. */
  estimatedclosedate: string | null;
  /** The pipeline phase, e.g. `1-Qualify`. */
  stepname: string | null;
  _parentaccountid_value: Guid | null;
  _parentcontactid_value: Guid | null;
  /** Polymorphic: account or contact (see the lookuplogicalname annotation). */
  _customerid_value: Guid | null;
  _originatingleadid_value: Guid | null;
  _ownerid_value: Guid | null;
  /** 0 Open, 1 Won, 2 Lost. */
  statecode: number;
  statuscode: number;
}

export const OPPORTUNITY_TABLE = defineTable<OpportunityRow>({
  logicalName: 'opportunity',
  entitySet: 'opportunities',
  primaryKey: 'opportunityid',
  primaryName: 'name',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/opportunity',
  select: [
    'opportunityid', 'name', 'description', 'estimatedvalue', '_transactioncurrencyid_value', 'closeprobability',
    'estimatedclosedate', 'stepname', '_parentaccountid_value', '_parentcontactid_value', '_customerid_value',
    '_originatingleadid_value', '_ownerid_value', 'statecode', 'statuscode', 'createdon', 'modifiedon',
  ],
});

/**
 * The base table of every activity (phone call, email, task, appointment, …): one query reads them all. Columns that
 * only some activity types have (`phonenumber`, `directioncode`, `location`) are not on it; read them from the type's
 * own entity set (`phonecalls`, `emails`, `appointments`), whose rows share `activityid`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/activitypointer
 */
export interface ActivityPointerRow extends AuditedRow {
  activityid: Guid;
  /** The activity's table: `phonecall`, `email`, `task`, `appointment`, … */
  activitytypecode: string;
  subject: string | null;
  description: string | null;
  scheduledstart: IsoDateTime | null;
  scheduledend: IsoDateTime | null;
  actualstart: IsoDateTime | null;
  actualend: IsoDateTime | null;
  actualdurationminutes: number | null;
  scheduleddurationminutes: number | null;
  /** 0 Low, 1 Normal, 2 High. */
  prioritycode: number | null;
  /** Polymorphic: account, contact, lead, opportunity, … (see the lookuplogicalname annotation). */
  _regardingobjectid_value: Guid | null;
  _ownerid_value: Guid | null;
  /** 0 Open, 1 Completed, 2 Canceled, 3 Scheduled (appointments). */
  statecode: number;
  statuscode: number;
}

export const ACTIVITY_POINTER_TABLE = defineTable<ActivityPointerRow>({
  logicalName: 'activitypointer',
  entitySet: 'activitypointers',
  primaryKey: 'activityid',
  primaryName: 'subject',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/activitypointer',
  select: [
    'activityid', 'activitytypecode', 'subject', 'description', 'scheduledstart', 'scheduledend', 'actualstart',
    'actualend', 'actualdurationminutes', 'scheduleddurationminutes', 'prioritycode', '_regardingobjectid_value',
    '_ownerid_value', 'statecode', 'statuscode', 'createdon', 'modifiedon',
  ],
});

/**
 * A party of an activity: sender, recipients, attendees, organizer, …
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/activityparty
 */
export interface ActivityPartyRow {
  activitypartyid: Guid;
  _activityid_value: Guid;
  /** Polymorphic: account, contact, lead, systemuser, queue, …; null when only an address is known. */
  _partyid_value: Guid | null;
  /** 1 Sender, 2 To, 3 CC, 4 BCC, 5 Required attendee, 6 Optional attendee, 7 Organizer, 8 Regarding, 9 Owner, … */
  participationtypemask: number;
  /** The email address or phone number used for this party. */
  addressused: string | null;
}

export const ACTIVITY_PARTY_TABLE = defineTable<ActivityPartyRow>({
  logicalName: 'activityparty',
  entitySet: 'activityparties',
  primaryKey: 'activitypartyid',
  primaryName: 'partyidname',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/activityparty',
  select: ['activitypartyid', '_activityid_value', '_partyid_value', 'participationtypemask', 'addressused'],
});

/**
 * A note, optionally with one attached file. `documentbody` (the file, base64) is deliberately not in `select`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/annotation
 */
export interface AnnotationRow extends AuditedRow {
  annotationid: Guid;
  subject: string | null;
  notetext: string | null;
  isdocument: boolean | null;
  filename: string | null;
  mimetype: string | null;
  filesize: number | null;
  /** Polymorphic: account, contact, lead, opportunity, … (see the lookuplogicalname annotation). */
  _objectid_value: Guid | null;
  /** The logical name of the table `_objectid_value` points to. */
  objecttypecode: string | null;
  _ownerid_value: Guid | null;
}

export const ANNOTATION_TABLE = defineTable<AnnotationRow>({
  logicalName: 'annotation',
  entitySet: 'annotations',
  primaryKey: 'annotationid',
  primaryName: 'subject',
  reference: 'https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/annotation',
  select: [
    'annotationid', 'subject', 'notetext', 'isdocument', 'filename', 'mimetype', 'filesize', '_objectid_value',
    'objecttypecode', '_ownerid_value', 'createdon', 'modifiedon',
  ],
});
