import { stableGuid } from '../../util/stable-guid';
import { col, ColumnDef, options, TableDef } from './table-descriptor';
import { customColumns, extraCustomColumns } from './custom-columns';
import { withReference } from './apply-reference';

/*
 * The Dataverse tables the emulator serves. Names, entity sets, keys and choice values follow the Dataverse table
 * reference: https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/{table}
 */

const ACTIVITY_TYPES = ['phonecall', 'email', 'task', 'appointment'] as const;
/** Tables with change tracking enabled, as a CRM sync relies on. */
const CHANGE_TRACKED = new Set(['account', 'contact', 'lead', 'opportunity', 'systemuser', 'phonecall', 'email', 'appointment', 'task', 'annotation']);
const REGARDING_TARGETS = ['account', 'contact', 'lead', 'opportunity'];

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Columns every user-owned table has: owner, business unit, audit stamps and the row version. */
function ownedColumns(): ColumnDef[] {
  return [
    col.lookup('ownerid', 'OwnerId', 'Owner', ['systemuser', 'team'], { systemuser: ['ownerid'], team: ['ownerid'] }, {}, {
      type: 'Owner',
      required: 'SystemRequired',
      custom: false,
    }),
    col.lookup('owningbusinessunit', 'OwningBusinessUnit', 'Owning Business Unit', ['businessunit'], { businessunit: ['owningbusinessunit'] }, {}, {
      computed: true,
      custom: false,
    }),
    ...auditColumns(),
  ];
}

function auditColumns(): ColumnDef[] {
  return [
    col.lookup('createdby', 'CreatedBy', 'Created By', ['systemuser'], { systemuser: ['createdby'] }, {}, { computed: true, custom: false }),
    col.datetime('createdon', 'CreatedOn', 'Created On', { computed: true, custom: false }),
    col.lookup('modifiedby', 'ModifiedBy', 'Modified By', ['systemuser'], { systemuser: ['modifiedby'] }, {}, { computed: true, custom: false }),
    col.datetime('modifiedon', 'ModifiedOn', 'Modified On', { computed: true, custom: false }),
    col.bigint('versionnumber', 'VersionNumber', 'Version Number', { computed: true, custom: false }),
  ];
}

/**
 * The lead an account or contact was qualified from: a Sales relationship, so the powerapps-docs pages of account
 * and contact do not list it (lead.json names its collection side).
 */
function originatingLead(table: 'account' | 'contact'): ColumnDef {
  return col.lookup('originatingleadid', 'OriginatingLeadId', 'Originating Lead', ['lead'], { lead: ['originatingleadid'] }, {
    lead: `${table}_originating_lead`,
  }, { custom: false });
}

function currencyColumn(): ColumnDef {
  return col.lookup('transactioncurrencyid', 'TransactionCurrencyId', 'Currency', ['transactioncurrency'], {
    transactioncurrency: ['transactioncurrencyid'],
  }, {}, { custom: false });
}

/** The second and third e-mail and phone columns, and fax, of account, contact and lead. */
function contactPointColumns(phoneLabels: [string, string]): ColumnDef[] {
  return [
    col.string('emailaddress2', 'EMailAddress2', 'Email Address 2', 100, { custom: false }),
    col.string('emailaddress3', 'EMailAddress3', 'Email Address 3', 100, { custom: false }),
    col.string('telephone2', 'Telephone2', phoneLabels[0], 50, { custom: false }),
    col.string('telephone3', 'Telephone3', phoneLabels[1], 50, { custom: false }),
  ];
}

/** address1_* and address2_* columns, declared once for every table that has them. */
function addressColumns(): ColumnDef[] {
  const fields: Array<[string, string, string, number]> = [
    ['line1', 'Line1', 'Street 1', 250],
    ['line2', 'Line2', 'Street 2', 250],
    ['city', 'City', 'City', 80],
    ['stateorprovince', 'StateOrProvince', 'State/Province', 50],
    ['postalcode', 'PostalCode', 'ZIP/Postal Code', 20],
    ['country', 'Country', 'Country/Region', 80],
  ];
  return [
    ...fields.map(([n, s, d, len]) => col.string(`address1_${n}`, `Address1_${s}`, `Address 1: ${d}`, len, { custom: false })),
    col.memo('address1_composite', 'Address1_Composite', 'Address 1', 1000, { computed: true, custom: false }),
    ...fields.map(([n, s, d, len]) => col.string(`address2_${n}`, `Address2_${s}`, `Address 2: ${d}`, len, { custom: false })),
  ];
}

const activeInactive = {
  state: options([0, 'Active'], [1, 'Inactive']),
  status: options([1, 'Active', 0], [2, 'Inactive', 1]),
};

const industries = options(
  [1, 'Accounting'], [2, 'Agriculture and Non-petrol Natural Resource Extraction'], [3, 'Broadcasting Printing and Publishing'],
  [4, 'Brokers'], [5, 'Building Supply Retail'], [6, 'Business Services'], [7, 'Consulting'], [8, 'Consumer Services'],
  [9, 'Design, Direction and Creative Management'], [10, 'Distributors, Dispatchers and Processors'],
  [11, "Doctor's Offices and Clinics"], [12, 'Durable Manufacturing'], [13, 'Eating and Drinking Places'],
  [14, 'Entertainment Retail'], [15, 'Equipment Rental and Leasing'], [16, 'Financial'], [17, 'Food and Tobacco Processing'],
  [18, 'Inbound Capital Intensive Processing'], [19, 'Inbound Repair and Services'], [20, 'Insurance'],
  [21, 'Legal Services'], [22, 'Non-Durable Merchandise Retail'], [23, 'Outbound Consumer Service'],
  [24, 'Petrochemical Extraction and Distribution'], [25, 'Service Retail'], [26, 'SIG Affiliations'],
  [27, 'Social Services'], [28, 'Special Outbound Trade Contractors'], [29, 'Specialty Realty'], [30, 'Transportation'],
  [31, 'Utility Creation and Distribution'], [32, 'Vehicle Retail'], [33, 'Wholesale'],
);

function table(
  t: Omit<TableDef, 'metadataId' | 'storage' | 'isActivity' | 'isCustomEntity' | 'schemaName'> &
    Partial<Pick<TableDef, 'storage' | 'isActivity' | 'schemaName'>>,
): TableDef {
  return {
    ...t,
    schemaName: t.schemaName ?? capitalized(t.logicalName),
    storage: t.storage ?? t.logicalName,
    isActivity: t.isActivity ?? false,
    isCustomEntity: false,
    metadataId: stableGuid(`entity:${t.logicalName}`),
    changeTracking: CHANGE_TRACKED.has(t.logicalName),
  };
}

function account(prefix: string): TableDef {
  return table({
    logicalName: 'account', entitySetName: 'accounts', primaryIdAttribute: 'accountid', primaryNameAttribute: 'name',
    displayName: 'Account', displayCollectionName: 'Accounts', objectTypeCode: 1, ownershipType: 'UserOwned',
    columns: [
      col.id('accountid', 'AccountId', 'Account'),
      col.string('name', 'Name', 'Account Name', 160, { required: 'ApplicationRequired', custom: false }),
      col.string('accountnumber', 'AccountNumber', 'Account Number', 20, { custom: false }),
      col.string('telephone1', 'Telephone1', 'Main Phone', 50, { custom: false }),
      col.string('fax', 'Fax', 'Fax', 50, { custom: false }),
      col.string('emailaddress1', 'EMailAddress1', 'Email', 100, { custom: false }),
      ...contactPointColumns(['Other Phone', 'Telephone 3']),
      col.string('websiteurl', 'WebSiteURL', 'Website', 200, { custom: false }),
      ...addressColumns(),
      col.choice('industrycode', 'IndustryCode', 'Industry', industries, { custom: false }),
      col.choice('accountcategorycode', 'AccountCategoryCode', 'Category', options([1, 'Preferred Customer'], [2, 'Standard']), { custom: false }),
      col.choice('customertypecode', 'CustomerTypeCode', 'Relationship Type', options(
        [1, 'Competitor'], [2, 'Consultant'], [3, 'Customer'], [4, 'Investor'], [5, 'Partner'], [6, 'Influencer'],
        [7, 'Press'], [8, 'Prospect'], [9, 'Reseller'], [10, 'Supplier'], [11, 'Vendor'], [12, 'Other'],
      ), { custom: false }),
      col.int('numberofemployees', 'NumberOfEmployees', 'Number of Employees', { custom: false }),
      col.money('revenue', 'Revenue', 'Annual Revenue', { custom: false }),
      currencyColumn(),
      col.memo('description', 'Description', 'Description', 2000, { custom: false }),
      col.lookup('parentaccountid', 'ParentAccountId', 'Parent Account', ['account'], { account: ['parentaccountid'] }, { account: 'account_parent_account' }, { custom: false }),
      col.lookup('primarycontactid', 'PrimaryContactId', 'Primary Contact', ['contact'], { contact: ['primarycontactid'] }, { contact: 'account_primary_contact' }, { custom: false }),
      originatingLead('account'),
      ...ownedColumns(),
      col.state(activeInactive.state),
      col.status(activeInactive.status),
      ...customColumns('account', prefix),
    ],
  });
}

function contact(prefix: string): TableDef {
  return table({
    logicalName: 'contact', entitySetName: 'contacts', primaryIdAttribute: 'contactid', primaryNameAttribute: 'fullname',
    displayName: 'Contact', displayCollectionName: 'Contacts', objectTypeCode: 2, ownershipType: 'UserOwned',
    columns: [
      col.id('contactid', 'ContactId', 'Contact'),
      col.string('fullname', 'FullName', 'Full Name', 160, { computed: true, custom: false }),
      col.string('firstname', 'FirstName', 'First Name', 50, { required: 'Recommended', custom: false }),
      col.string('lastname', 'LastName', 'Last Name', 50, { required: 'ApplicationRequired', custom: false }),
      col.string('jobtitle', 'JobTitle', 'Job Title', 100, { custom: false }),
      col.string('department', 'Department', 'Department', 100, { custom: false }),
      col.string('emailaddress1', 'EMailAddress1', 'Email', 100, { custom: false }),
      col.string('telephone1', 'Telephone1', 'Business Phone', 50, { custom: false }),
      ...contactPointColumns(['Home Phone', 'Telephone 3']),
      col.string('mobilephone', 'MobilePhone', 'Mobile Phone', 50, { custom: false }),
      col.string('fax', 'Fax', 'Fax', 50, { custom: false }),
      ...addressColumns(),
      col.dateonly('birthdate', 'BirthDate', 'Birthday', { custom: false }),
      col.bool('donotemail', 'DoNotEMail', 'Do not allow Emails', ['Allow', 'Do Not Allow'], { custom: false }),
      col.choice('preferredcontactmethodcode', 'PreferredContactMethodCode', 'Preferred Method of Contact', options(
        [1, 'Any'], [2, 'Email'], [3, 'Phone'], [4, 'Fax'], [5, 'Mail'],
      ), { custom: false }),
      currencyColumn(),
      col.memo('description', 'Description', 'Description', 2000, { custom: false }),
      col.lookup('parentcustomerid', 'ParentCustomerId', 'Company Name', ['account', 'contact'], {
        account: ['parentcustomerid_account'], contact: ['parentcustomerid_contact'],
      }, { account: 'contact_customer_accounts', contact: 'contact_customer_contacts' }, { type: 'Customer', custom: false }),
      originatingLead('contact'),
      ...ownedColumns(),
      col.state(activeInactive.state),
      col.status(activeInactive.status),
      ...customColumns('contact', prefix),
    ],
  });
}

function lead(): TableDef {
  return table({
    logicalName: 'lead', entitySetName: 'leads', primaryIdAttribute: 'leadid', primaryNameAttribute: 'fullname',
    displayName: 'Lead', displayCollectionName: 'Leads', objectTypeCode: 4, ownershipType: 'UserOwned',
    columns: [
      col.id('leadid', 'LeadId', 'Lead'),
      col.string('subject', 'Subject', 'Topic', 300, { required: 'ApplicationRequired', custom: false }),
      col.string('fullname', 'FullName', 'Name', 160, { computed: true, custom: false }),
      col.string('firstname', 'FirstName', 'First Name', 50, { required: 'Recommended', custom: false }),
      col.string('lastname', 'LastName', 'Last Name', 50, { required: 'ApplicationRequired', custom: false }),
      col.string('companyname', 'CompanyName', 'Company Name', 100, { custom: false }),
      col.string('jobtitle', 'JobTitle', 'Job Title', 100, { custom: false }),
      col.string('emailaddress1', 'EMailAddress1', 'Email', 100, { custom: false }),
      col.string('telephone1', 'Telephone1', 'Business Phone', 50, { custom: false }),
      ...contactPointColumns(['Home Phone', 'Other Phone']),
      col.string('mobilephone', 'MobilePhone', 'Mobile Phone', 50, { custom: false }),
      col.string('fax', 'Fax', 'Fax', 50, { custom: false }),
      col.string('websiteurl', 'WebSiteUrl', 'Website', 200, { custom: false }),
      ...addressColumns(),
      col.choice('leadsourcecode', 'LeadSourceCode', 'Lead Source', options(
        [1, 'Advertisement'], [2, 'Employee Referral'], [3, 'External Referral'], [4, 'Partner'], [5, 'Public Relations'],
        [6, 'Seminar'], [7, 'Trade Show'], [8, 'Web'], [9, 'Word of Mouth'], [10, 'Other'],
      ), { custom: false }),
      col.choice('leadqualitycode', 'LeadQualityCode', 'Rating', options([1, 'Hot'], [2, 'Warm'], [3, 'Cold']), { custom: false }),
      col.choice('industrycode', 'IndustryCode', 'Industry', industries, { custom: false }),
      col.dateonly('estimatedclosedate', 'EstimatedCloseDate', 'Est. Close Date', { custom: false }),
      col.money('estimatedamount', 'EstimatedAmount', 'Est. Value', { custom: false }),
      currencyColumn(),
      col.memo('description', 'Description', 'Description', 2000, { custom: false }),
      col.lookup('parentaccountid', 'ParentAccountId', 'Parent Account for lead', ['account'], { account: ['parentaccountid'] }, { account: 'lead_parent_account' }, { custom: false }),
      col.lookup('parentcontactid', 'ParentContactId', 'Parent Contact for lead', ['contact'], { contact: ['parentcontactid'] }, { contact: 'lead_parent_contact' }, { custom: false }),
      col.lookup('qualifyingopportunityid', 'QualifyingOpportunityId', 'Qualifying Opportunity', ['opportunity'], { opportunity: ['qualifyingopportunityid'] }, {}, { custom: false }),
      ...ownedColumns(),
      col.state(options([0, 'Open'], [1, 'Qualified'], [2, 'Disqualified'])),
      col.status(options(
        [1, 'New', 0], [2, 'Contacted', 0], [3, 'Qualified', 1], [4, 'Lost', 2], [5, 'Cannot Contact', 2],
        [6, 'No Longer Interested', 2], [7, 'Canceled', 2],
      )),
    ],
  });
}

function opportunity(): TableDef {
  return table({
    logicalName: 'opportunity', entitySetName: 'opportunities', primaryIdAttribute: 'opportunityid', primaryNameAttribute: 'name',
    displayName: 'Opportunity', displayCollectionName: 'Opportunities', objectTypeCode: 3, ownershipType: 'UserOwned',
    columns: [
      col.id('opportunityid', 'OpportunityId', 'Opportunity'),
      col.string('name', 'Name', 'Topic', 300, { required: 'ApplicationRequired', custom: false }),
      col.money('estimatedvalue', 'EstimatedValue', 'Est. Revenue', { custom: false }),
      col.money('actualvalue', 'ActualValue', 'Actual Revenue', { custom: false }),
      col.dateonly('estimatedclosedate', 'EstimatedCloseDate', 'Est. Close Date', { custom: false }),
      col.dateonly('actualclosedate', 'ActualCloseDate', 'Actual Close Date', { custom: false }),
      col.int('closeprobability', 'CloseProbability', 'Probability', { custom: false }),
      col.string('stepname', 'StepName', 'Pipeline Phase', 200, { custom: false }),
      col.choice('salesstage', 'SalesStage', 'Sales Stage', options([0, 'Qualify'], [1, 'Develop'], [2, 'Propose'], [3, 'Close']), { custom: false }),
      col.choice('salesstagecode', 'SalesStageCode', 'Process Code', options([1, 'Default Value']), { custom: false }),
      col.choice('opportunityratingcode', 'OpportunityRatingCode', 'Rating', options([1, 'Hot'], [2, 'Warm'], [3, 'Cold']), { custom: false }),
      currencyColumn(),
      col.memo('description', 'Description', 'Description', 2000, { custom: false }),
      col.lookup('parentaccountid', 'ParentAccountId', 'Account', ['account'], { account: ['parentaccountid'] }, { account: 'opportunity_parent_account' }, { custom: false }),
      col.lookup('parentcontactid', 'ParentContactId', 'Contact', ['contact'], { contact: ['parentcontactid'] }, { contact: 'opportunity_parent_contact' }, { custom: false }),
      col.lookup('customerid', 'CustomerId', 'Potential Customer', ['account', 'contact'], {
        account: ['customerid_account'], contact: ['customerid_contact'],
      }, { account: 'opportunity_customer_accounts', contact: 'opportunity_customer_contacts' }, { type: 'Customer', custom: false }),
      ...ownedColumns(),
      col.state(options([0, 'Open'], [1, 'Won'], [2, 'Lost'])),
      col.status(options([1, 'In Progress', 0], [2, 'On Hold', 0], [3, 'Won', 1], [4, 'Canceled', 2], [5, 'Out-Sold', 2])),
    ],
  });
}

/** Activity columns every activity type inherits from activitypointer. */
function activityBaseColumns(type: string | undefined): ColumnDef[] {
  const regardingNavs: Record<string, string[]> = {};
  const reverse: Record<string, string> = {};
  for (const target of REGARDING_TARGETS) {
    // Each activity type has its own `regardingobjectid_<target>_<type>`; activitypointer has `regardingobjectid_<target>`.
    // https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/phonecall#many-to-one-relationships
    regardingNavs[target] = [type ? `regardingobjectid_${target}_${type}` : `regardingobjectid_${target}`];
    const typePart = type ? `${capitalized(type)}s` : 'ActivityPointers';
    reverse[target] = `${capitalized(target)}_${typePart}`;
  }
  return [
    col.id('activityid', 'ActivityId', 'Activity'),
    col.string('subject', 'Subject', 'Subject', 400, { required: type === 'task' || type === 'phonecall' || type === 'appointment' ? 'ApplicationRequired' : 'None', custom: false }),
    col.memo('description', 'Description', 'Description', type === 'email' ? 1073741823 : 2000, { custom: false }),
    col.entityName('activitytypecode', 'ActivityTypeCode', 'Activity Type', { computed: true, custom: false }),
    col.datetime('scheduledstart', 'ScheduledStart', 'Start Date', { custom: false }),
    col.datetime('scheduledend', 'ScheduledEnd', 'Due Date', { custom: false }),
    col.datetime('actualstart', 'ActualStart', 'Actual Start', { custom: false }),
    col.datetime('actualend', 'ActualEnd', 'Actual End', { custom: false }),
    col.int('actualdurationminutes', 'ActualDurationMinutes', 'Actual Duration', { custom: false }),
    col.int('scheduleddurationminutes', 'ScheduledDurationMinutes', 'Scheduled Duration', { custom: false }),
    col.choice('prioritycode', 'PriorityCode', 'Priority', options([0, 'Low'], [1, 'Normal'], [2, 'High']), { custom: false }),
    col.lookup('regardingobjectid', 'RegardingObjectId', 'Regarding', REGARDING_TARGETS, regardingNavs, reverse, { custom: false }),
    ...ownedColumns(),
  ];
}

const activityStates: Record<string, { state: ColumnDef; status: ColumnDef; extra: ColumnDef[]; display: string; otc: number }> = {
  phonecall: {
    display: 'Phone Call', otc: 4210,
    state: col.state(options([0, 'Open'], [1, 'Completed'], [2, 'Canceled'])),
    status: col.status(options([1, 'Open', 0], [2, 'Made', 1], [4, 'Received', 1], [3, 'Canceled', 2])),
    extra: [
      col.string('phonenumber', 'PhoneNumber', 'Phone Number', 200, { custom: false }),
      col.bool('directioncode', 'DirectionCode', 'Direction', ['Incoming', 'Outgoing'], { custom: false }),
    ],
  },
  email: {
    display: 'Email', otc: 4202,
    state: col.state(options([0, 'Open'], [1, 'Completed'], [2, 'Canceled'])),
    status: col.status(options(
      [1, 'Draft', 0], [8, 'Failed', 0], [2, 'Completed', 1], [3, 'Sent', 1], [4, 'Received', 1], [6, 'Pending Send', 1],
      [7, 'Sending', 1], [5, 'Canceled', 2],
    )),
    extra: [
      col.bool('directioncode', 'DirectionCode', 'Direction', ['Incoming', 'Outgoing'], { custom: false }),
      col.string('sender', 'Sender', 'From', 250, { custom: false }),
      col.string('torecipients', 'ToRecipients', 'To Recipients', 500, { custom: false }),
    ],
  },
  task: {
    display: 'Task', otc: 4212,
    state: col.state(options([0, 'Open'], [1, 'Completed'], [2, 'Canceled'])),
    status: col.status(options(
      [2, 'Not Started', 0], [3, 'In Progress', 0], [4, 'Waiting on someone else', 0], [7, 'Deferred', 0], [5, 'Completed', 1],
      [6, 'Canceled', 2],
    )),
    extra: [col.int('percentcomplete', 'PercentComplete', 'Percent Complete', { custom: false })],
  },
  appointment: {
    display: 'Appointment', otc: 4201,
    state: col.state(options([0, 'Open'], [1, 'Completed'], [2, 'Canceled'], [3, 'Scheduled'])),
    status: col.status(options(
      [1, 'Free', 0], [2, 'Tentative', 0], [3, 'Completed', 1], [4, 'Canceled', 2], [5, 'Busy', 3], [6, 'Out of Office', 3],
    )),
    extra: [
      col.string('location', 'Location', 'Location', 200, { custom: false }),
      col.bool('isalldayevent', 'IsAllDayEvent', 'All Day Event', ['No', 'Yes'], { custom: false }),
    ],
  },
};

function activityPointer(): TableDef {
  return table({
    logicalName: 'activitypointer', schemaName: 'ActivityPointer', entitySetName: 'activitypointers', primaryIdAttribute: 'activityid',
    primaryNameAttribute: 'subject', displayName: 'Activity', displayCollectionName: 'Activities', objectTypeCode: 4200,
    ownershipType: 'UserOwned', isActivity: true,
    columns: [
      ...activityBaseColumns(undefined),
      col.state(options([0, 'Open'], [1, 'Completed'], [2, 'Canceled'], [3, 'Scheduled'])),
      col.status(options()),
    ],
  });
}

function activity(type: (typeof ACTIVITY_TYPES)[number]): TableDef {
  const spec = activityStates[type];
  return {
    ...table({
      logicalName: type, schemaName: type === 'phonecall' ? 'PhoneCall' : capitalized(type), entitySetName: `${type}s`,
      primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject', displayName: spec.display,
      displayCollectionName: `${spec.display}s`, objectTypeCode: spec.otc, ownershipType: 'UserOwned', isActivity: true,
      storage: 'activitypointer',
      columns: [...activityBaseColumns(type), ...spec.extra, spec.state, spec.status],
    }),
    activityTypeCode: type,
  };
}

function activityParty(): TableDef {
  const partyTargets = ['account', 'contact', 'lead', 'systemuser'];
  const partyNavs = Object.fromEntries(partyTargets.map((t) => [t, [`partyid_${t}`]]));
  const activityNavs: Record<string, string[]> = { activitypointer: ['activityid_activitypointer'] };
  const activityReverse: Record<string, string> = { activitypointer: 'activitypointer_activity_parties' };
  for (const type of ACTIVITY_TYPES) {
    activityNavs[type] = [`activityid_${type}`];
    activityReverse[type] = `${type}_activity_parties`;
  }
  return table({
    logicalName: 'activityparty', schemaName: 'ActivityParty', entitySetName: 'activityparties', primaryIdAttribute: 'activitypartyid',
    primaryNameAttribute: 'partyidname', displayName: 'Activity Party', displayCollectionName: 'Activity Parties',
    objectTypeCode: 135, ownershipType: 'None',
    columns: [
      col.id('activitypartyid', 'ActivityPartyId', 'Activity Party'),
      col.lookup('activityid', 'ActivityId', 'Activity', ['activitypointer', ...ACTIVITY_TYPES], activityNavs, activityReverse, { custom: false }),
      col.lookup('partyid', 'PartyId', 'Party', partyTargets, partyNavs, {}, { custom: false }),
      col.choice('participationtypemask', 'ParticipationTypeMask', 'Participation Type', options(
        [1, 'Sender'], [2, 'To Recipient'], [3, 'CC Recipient'], [4, 'BCC Recipient'], [5, 'Required attendee'],
        [6, 'Optional attendee'], [7, 'Organizer'], [8, 'Regarding'], [9, 'Owner'], [10, 'Resource'], [11, 'Customer'],
        [12, 'Chat participant'], [13, 'Related'],
      ), { custom: false }),
      col.string('addressused', 'AddressUsed', 'Address', 320, { custom: false }),
      col.string('partyidname', 'PartyIdName', 'Party Name', 400, { computed: true, custom: false }),
      col.bigint('versionnumber', 'VersionNumber', 'Version Number', { computed: true, custom: false }),
    ],
  });
}

function annotation(): TableDef {
  const targets = ['account', 'contact', 'lead', 'opportunity'];
  return table({
    logicalName: 'annotation', entitySetName: 'annotations', primaryIdAttribute: 'annotationid', primaryNameAttribute: 'subject',
    displayName: 'Note', displayCollectionName: 'Notes', objectTypeCode: 5, ownershipType: 'UserOwned',
    columns: [
      col.id('annotationid', 'AnnotationId', 'Note'),
      col.string('subject', 'Subject', 'Title', 500, { custom: false }),
      col.memo('notetext', 'NoteText', 'Description', 100000, { custom: false }),
      col.bool('isdocument', 'IsDocument', 'Is Document', ['No', 'Yes'], { custom: false }),
      col.string('filename', 'FileName', 'File Name', 255, { custom: false }),
      col.string('mimetype', 'MimeType', 'Mime Type', 256, { custom: false }),
      col.int('filesize', 'FileSize', 'File Size (Bytes)', { computed: true, custom: false }),
      col.memo('documentbody', 'DocumentBody', 'Document', 1073741823, { custom: false }),
      col.entityName('objecttypecode', 'ObjectTypeCode', 'Object Type', { computed: true, custom: false }),
      col.lookup('objectid', 'ObjectId', 'Regarding', targets, Object.fromEntries(targets.map((t) => [t, [`objectid_${t}`]])),
        Object.fromEntries(targets.map((t) => [t, `${capitalized(t)}_Annotation`])), { custom: false }),
      ...ownedColumns(),
    ],
  });
}

function systemUser(): TableDef {
  return table({
    logicalName: 'systemuser', schemaName: 'SystemUser', entitySetName: 'systemusers', primaryIdAttribute: 'systemuserid',
    primaryNameAttribute: 'fullname', displayName: 'User', displayCollectionName: 'Users', objectTypeCode: 8, ownershipType: 'BusinessOwned',
    columns: [
      col.id('systemuserid', 'SystemUserId', 'User'),
      col.string('fullname', 'FullName', 'Full Name', 200, { computed: true, custom: false }),
      col.string('firstname', 'FirstName', 'First Name', 64, { custom: false }),
      col.string('lastname', 'LastName', 'Last Name', 64, { required: 'SystemRequired', custom: false }),
      col.string('internalemailaddress', 'InternalEMailAddress', 'Primary Email', 100, { required: 'SystemRequired', custom: false }),
      col.string('domainname', 'DomainName', 'User Name', 1024, { required: 'SystemRequired', custom: false }),
      col.string('title', 'Title', 'Title', 128, { custom: false }),
      col.string('jobtitle', 'JobTitle', 'Job Title', 100, { custom: false }),
      col.string('mobilephone', 'MobilePhone', 'Mobile Phone', 64, { custom: false }),
      col.string('address1_telephone1', 'Address1_Telephone1', 'Main Phone', 64, { custom: false }),
      col.string('homephone', 'HomePhone', 'Home Phone', 50, { custom: false }),
      col.bool('isdisabled', 'IsDisabled', 'Status', ['Enabled', 'Disabled'], { create: false, custom: false }),
      col.choice('accessmode', 'AccessMode', 'Access Mode', options(
        [0, 'Read-Write'], [1, 'Administrative'], [2, 'Read'], [3, 'Support User'], [4, 'Non-interactive'], [5, 'Delegated Admin'],
      ), { custom: false }),
      col.string('azureactivedirectoryobjectid', 'AzureActiveDirectoryObjectId', 'Azure AD Object ID', 100, { custom: false }),
      col.string('applicationid', 'ApplicationId', 'Application ID', 100, { custom: false }),
      col.lookup('businessunitid', 'BusinessUnitId', 'Business Unit', ['businessunit'], { businessunit: ['businessunitid'] }, { businessunit: 'business_unit_system_users' }, { required: 'SystemRequired', custom: false }),
      col.lookup('parentsystemuserid', 'ParentSystemUserId', 'Manager', ['systemuser'], { systemuser: ['parentsystemuserid'] }, {}, { custom: false }),
      ...auditColumns(),
    ],
  });
}

function businessUnit(): TableDef {
  return table({
    logicalName: 'businessunit', schemaName: 'BusinessUnit', entitySetName: 'businessunits', primaryIdAttribute: 'businessunitid',
    primaryNameAttribute: 'name', displayName: 'Business Unit', displayCollectionName: 'Business Units', objectTypeCode: 10,
    ownershipType: 'BusinessOwned',
    columns: [
      col.id('businessunitid', 'BusinessUnitId', 'Business Unit'),
      col.string('name', 'Name', 'Name', 160, { required: 'SystemRequired', custom: false }),
      col.string('divisionname', 'DivisionName', 'Division', 100, { custom: false }),
      col.bool('isdisabled', 'IsDisabled', 'Is Disabled', ['No', 'Yes'], { create: false, custom: false }),
      col.lookup('parentbusinessunitid', 'ParentBusinessUnitId', 'Parent Business', ['businessunit'], { businessunit: ['parentbusinessunitid'] }, { businessunit: 'business_unit_parent_business_unit' }, { custom: false }),
      ...auditColumns(),
    ],
  });
}

function team(): TableDef {
  return table({
    logicalName: 'team', entitySetName: 'teams', primaryIdAttribute: 'teamid', primaryNameAttribute: 'name',
    displayName: 'Team', displayCollectionName: 'Teams', objectTypeCode: 9, ownershipType: 'BusinessOwned',
    columns: [
      col.id('teamid', 'TeamId', 'Team'),
      col.string('name', 'Name', 'Team Name', 160, { required: 'SystemRequired', custom: false }),
      col.choice('teamtype', 'TeamType', 'Team Type', options([0, 'Owner'], [1, 'Access'], [2, 'Security Group'], [3, 'Office Group']), { custom: false }),
      col.bool('isdefault', 'IsDefault', 'Is Default', ['No', 'Yes'], { create: false, update: false, custom: false }),
      col.lookup('businessunitid', 'BusinessUnitId', 'Business Unit', ['businessunit'], { businessunit: ['businessunitid'] }, { businessunit: 'business_unit_teams' }, { required: 'SystemRequired', custom: false }),
      ...auditColumns(),
    ],
  });
}

function organization(): TableDef {
  return table({
    logicalName: 'organization', entitySetName: 'organizations', primaryIdAttribute: 'organizationid', primaryNameAttribute: 'name',
    displayName: 'Organization', displayCollectionName: 'Organizations', objectTypeCode: 1019, ownershipType: 'None',
    columns: [
      col.id('organizationid', 'OrganizationId', 'Organization'),
      col.string('name', 'Name', 'Organization Name', 160, { update: false, custom: false }),
      col.int('languagecode', 'LanguageCode', 'Language', { custom: false }),
      col.lookup('basecurrencyid', 'BaseCurrencyId', 'Currency', ['transactioncurrency'], { transactioncurrency: ['basecurrencyid'] }, {}, { custom: false }),
      col.int('expirechangetrackingindays', 'ExpireChangeTrackingInDays', 'Expire Change Tracking In Days', { custom: false }),
      col.datetime('createdon', 'CreatedOn', 'Created On', { computed: true, custom: false }),
      col.datetime('modifiedon', 'ModifiedOn', 'Modified On', { computed: true, custom: false }),
      col.bigint('versionnumber', 'VersionNumber', 'Version Number', { computed: true, custom: false }),
    ],
  });
}

function transactionCurrency(): TableDef {
  return table({
    logicalName: 'transactioncurrency', schemaName: 'TransactionCurrency', entitySetName: 'transactioncurrencies',
    primaryIdAttribute: 'transactioncurrencyid', primaryNameAttribute: 'currencyname', displayName: 'Currency',
    displayCollectionName: 'Currencies', objectTypeCode: 9105, ownershipType: 'OrganizationOwned',
    columns: [
      col.id('transactioncurrencyid', 'TransactionCurrencyId', 'Currency'),
      col.string('currencyname', 'CurrencyName', 'Currency Name', 100, { required: 'SystemRequired', custom: false }),
      col.string('isocurrencycode', 'ISOCurrencyCode', 'Currency Code', 5, { required: 'SystemRequired', custom: false }),
      col.string('currencysymbol', 'CurrencySymbol', 'Currency Symbol', 13, { required: 'SystemRequired', custom: false }),
      col.decimal('exchangerate', 'ExchangeRate', 'Exchange Rate', 10, { custom: false }),
      col.int('currencyprecision', 'CurrencyPrecision', 'Currency Precision', { custom: false }),
      ...auditColumns(),
      col.state(activeInactive.state),
      col.status(activeInactive.status),
    ],
  });
}

/**
 * The activity that records how an opportunity was closed (`WinOpportunity` / `LoseOpportunity` create it); its
 * columns come from the entity reference.
 */
function opportunityClose(): TableDef {
  return {
    ...table({
      logicalName: 'opportunityclose', schemaName: 'OpportunityClose', entitySetName: 'opportunitycloses',
      primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject', displayName: 'Opportunity Close',
      displayCollectionName: 'Opportunity Closes', objectTypeCode: 4208, ownershipType: 'UserOwned', isActivity: true,
      storage: 'activitypointer',
      columns: [
        ...activityBaseColumns('opportunityclose'),
        col.lookup('opportunityid', 'OpportunityId', 'Opportunity', ['opportunity'], { opportunity: ['opportunityid'] }, {
          opportunity: 'Opportunity_OpportunityClose',
        }, { custom: false }),
        col.money('actualrevenue', 'ActualRevenue', 'Actual Revenue', { custom: false }),
        col.state(options([0, 'Open'], [1, 'Completed'], [2, 'Canceled'])),
        col.status(options([1, 'Open', 0], [2, 'Completed', 1], [3, 'Canceled', 2])),
      ],
    }),
    activityTypeCode: 'opportunityclose',
  };
}

/**
 * Every table of one organization, completed from Microsoft's entity reference; `prefix` is its default publisher's
 * `cr…` customization prefix.
 */
export function crmTables(prefix: string, extraColumns: Record<string, number> = {}): TableDef[] {
  const tables = withReference([
    account(prefix),
    contact(prefix),
    lead(),
    opportunity(),
    activityPointer(),
    ...ACTIVITY_TYPES.map(activity),
    activityParty(),
    annotation(),
    systemUser(),
    businessUnit(),
    team(),
    organization(),
    transactionCurrency(),
    opportunityClose(),
  ]);
  return tables.map((t) =>
    extraColumns[t.logicalName] ? { ...t, columns: [...t.columns, ...extraCustomColumns(t.logicalName, extraColumns[t.logicalName], prefix)] } : t,
  );
}

export { ACTIVITY_TYPES };
