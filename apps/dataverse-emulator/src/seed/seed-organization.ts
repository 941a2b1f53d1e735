import type { AppRegistration, EmulatedOrganization, EmulatedUser } from '../world';
import { OrgData } from '../dataverse/org-data';
import { crmTables, ACTIVITY_TYPES } from '../dataverse/tables/crm-tables';
import { customizationPrefix } from '../dataverse/tables/custom-columns';
import { TableRegistry } from '../dataverse/tables/table-registry';
import { ColumnDef, TableDef } from '../dataverse/tables/table-descriptor';
import { stableGuid } from '../util/stable-guid';
import { hashString, Prng } from './prng';
import {
  ACTIVITY_SUBJECTS, CITIES, COMPANY_PREFIXES, COMPANY_SUFFIXES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, NOTE_SUBJECTS,
  OPPORTUNITY_TOPICS, STREETS,
} from './seed-vocabulary';

export interface SeedSizes {
  accounts: number;
  contacts: number;
  leads: number;
  opportunities: number;
  activities: number;
  notes: number;
  users: number;
}

export const DEFAULT_SEED_SIZES: SeedSizes = {
  accounts: 200,
  contacts: 1000,
  leads: 300,
  opportunities: 300,
  activities: 1500,
  notes: 400,
  users: 12,
};

export interface OrgSeedOptions {
  name: string;
  sizes: SeedSizes;
  seed: number;
  /** Seeded timestamps fall in the two years before this instant. */
  anchor: Date;
  baseUrl: string;
  redirectUris: string[];
  /** Extra custom columns per table (`POST /_emulator/reset` `custom_columns`), filled by the seed. */
  extraColumns?: Record<string, number>;
}

export interface SeededOrganization {
  data: OrgData;
  org: EmulatedOrganization;
  app: AppRegistration;
}

const DAY = 86_400_000;

/** Builds one organization, deterministically from (name, seed, sizes, anchor). */
export function seedOrganization(o: OrgSeedOptions): SeededOrganization {
  const rng = new Prng(hashString(o.name) ^ o.seed);
  // Columns beyond the ones the first seed filled draw from their own generator, so every earlier value stays as it was.
  const more = new Prng(hashString(`${o.name}:more`) ^ o.seed);
  const friendlyName = o.name.charAt(0).toUpperCase() + o.name.slice(1);
  const domain = `${o.name}.example`;
  const tenantId = stableGuid(`tenant:${o.name}:${o.seed}`);
  const org: EmulatedOrganization = {
    name: o.name,
    friendlyName,
    tenantId,
    organizationId: stableGuid(`organization:${o.name}:${o.seed}`),
    environmentUrl: `${o.baseUrl}/orgs/${o.name}`,
    users: [],
  };
  const app: AppRegistration = {
    clientId: stableGuid(`app:${o.name}:${o.seed}`),
    clientSecret: `emu~${stableGuid(`secret:${o.name}:${o.seed}`).replace(/-/g, '')}`,
    tenantId,
    redirectUris: o.redirectUris,
  };
  const prefix = customizationPrefix(o.name);
  const registry = new TableRegistry(crmTables(prefix, o.extraColumns));
  const data = new OrgData(org, registry, prefix, 1_000_000 + (hashString(o.name) % 1_000_000));
  const t = (name: string): TableDef => registry.table(name);
  const anchor = o.anchor.getTime();
  const pastTime = (maxDays: number) => anchor - Math.floor(rng.next() * maxDays * DAY / 1000) * 1000;
  const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const person = () => ({ firstname: rng.pick(FIRST_NAMES), lastname: rng.pick(LAST_NAMES) });
  const phone = (prefix: string) => `${prefix} 555 ${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const address = () => {
    const [city, state, postal, country, phonePrefix] = rng.pick(CITIES);
    return {
      values: {
        address1_line1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
        address1_city: city,
        address1_stateorprovince: state,
        address1_postalcode: postal,
        address1_country: country,
      },
      phonePrefix,
    };
  };
  const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '');

  // Currency and organization.
  const currencyId = rng.guid();
  data.baseCurrencyId = currencyId;
  const systemUserId = rng.guid();
  data.insertRow(t('transactioncurrency'), currencyId, {
    currencyname: 'US Dollar', isocurrencycode: 'USD', currencysymbol: '$', exchangerate: 1, currencyprecision: 2,
    statecode: 0, statuscode: 1, createdon: anchor - 900 * DAY, modifiedon: anchor - 900 * DAY, createdby: systemUserId, modifiedby: systemUserId,
  });
  data.insertRow(t('organization'), org.organizationId, {
    name: o.name, languagecode: 1033, basecurrencyid: currencyId, expirechangetrackingindays: 7,
    createdon: anchor - 900 * DAY, modifiedon: anchor - 900 * DAY, createdby: systemUserId, modifiedby: systemUserId,
    maxuploadfilesize: 5_242_880, isauditenabled: false, fiscalcalendarstart: anchor - 365 * DAY,
  });

  // Business units and their default teams.
  const rootBu = rng.guid();
  const buNames = ['Sales', 'Marketing', 'Customer Service', 'Sales West'];
  const businessUnits = [rootBu];
  const buRow = (id: string, name: string, parent: string | null) =>
    data.insertRow(t('businessunit'), id, {
      name, divisionname: parent ? name : null, isdisabled: false, parentbusinessunitid: parent,
      createdon: anchor - 900 * DAY, modifiedon: anchor - 900 * DAY, createdby: systemUserId, modifiedby: systemUserId,
    });
  buRow(rootBu, o.name, null);
  for (const name of buNames) {
    const id = rng.guid();
    businessUnits.push(id);
    buRow(id, name, name === 'Sales West' ? businessUnits[1] : rootBu);
  }
  const teams: string[] = [];
  businessUnits.forEach((bu, i) => {
    const id = rng.guid();
    teams.push(id);
    data.insertRow(t('team'), id, {
      name: i === 0 ? o.name : buNames[i - 1], teamtype: 0, isdefault: true, businessunitid: bu,
      createdon: anchor - 900 * DAY, modifiedon: anchor - 900 * DAY, createdby: systemUserId, modifiedby: systemUserId,
    });
  });

  // Users: SYSTEM, an administrator, sales people (some disabled), and the application user for client credentials.
  const userRow = (u: EmulatedUser, extra: Record<string, unknown>) =>
    data.insertRow(t('systemuser'), u.systemuserId, {
      businessunitid: u.businessUnitId, isdisabled: u.isDisabled, azureactivedirectoryobjectid: u.entraObjectId,
      internalemailaddress: u.upn || null, domainname: u.upn || null, applicationid: u.applicationId ?? null,
      accessmode: u.isApplicationUser ? 4 : 0, createdon: anchor - 900 * DAY, modifiedon: anchor - 900 * DAY,
      createdby: systemUserId, modifiedby: systemUserId, ...extra,
    });
  data.insertRow(t('systemuser'), systemUserId, {
    firstname: null, lastname: 'SYSTEM', fullname: 'SYSTEM', businessunitid: rootBu, isdisabled: false, accessmode: 1,
    internalemailaddress: `system@${domain}`, domainname: '', createdon: anchor - 900 * DAY, modifiedon: anchor - 900 * DAY,
  });
  const owners: string[] = [];
  for (let i = 0; i < Math.max(1, o.sizes.users); i++) {
    const p = i === 0 ? { firstname: 'Avery', lastname: 'Admin' } : person();
    const upn = i === 0 ? `admin@${domain}` : `${slug(p.firstname)}.${slug(p.lastname)}${i}@${domain}`;
    const user: EmulatedUser = {
      systemuserId: rng.guid(),
      entraObjectId: rng.guid(),
      upn,
      name: `${p.firstname} ${p.lastname}`,
      businessUnitId: i === 0 ? rootBu : businessUnits[1 + (i % buNames.length)],
      isDisabled: i > 0 && i % 5 === 0,
      isApplicationUser: false,
    };
    org.users.push(user);
    userRow(user, { ...p, title: i === 0 ? 'System Administrator' : rng.pick(['Account Manager', 'Sales Representative', 'Sales Manager']), mobilephone: phone('+1 425') });
    if (!user.isDisabled) owners.push(user.systemuserId);
  }
  const appUser: EmulatedUser = {
    systemuserId: rng.guid(),
    entraObjectId: rng.guid(),
    upn: '',
    name: `${friendlyName} Integration`,
    businessUnitId: rootBu,
    isDisabled: false,
    isApplicationUser: true,
    applicationId: app.clientId,
  };
  org.users.push(appUser);
  userRow(appUser, { firstname: '#', lastname: `${friendlyName} Integration`, title: 'Application user' });

  const owner = () => (rng.chance(0.05) ? { ownerid: rng.pick(teams), 'ownerid@target': 'team' } : { ownerid: rng.pick(owners), 'ownerid@target': 'systemuser' });
  const businessUnitOf = new Map(org.users.map((u) => [u.systemuserId, u.businessUnitId]));
  /** Assigns owner, owning business unit and audit stamps in place (no intermediate objects: 100,000 rows). */
  const own = (v: Record<string, unknown>, ownerIds = owner()): Record<string, unknown> => {
    const isTeam = ownerIds['ownerid@target'] === 'team';
    v.ownerid = ownerIds.ownerid;
    v['ownerid@target'] = ownerIds['ownerid@target'];
    v.owningbusinessunit = isTeam ? rootBu : (businessUnitOf.get(ownerIds.ownerid) ?? rootBu);
    const by = isTeam ? owners[0] : ownerIds.ownerid;
    const created = pastTime(730);
    v.createdon = created;
    v.modifiedon = Math.min(anchor, created + Math.floor(rng.next() * 60) * DAY);
    v.createdby = by;
    v.modifiedby = by;
    return v;
  };
  const owned = (ownerIds: { ownerid: string; 'ownerid@target': string }) => own({}, ownerIds);
  const crExternalRef = `${prefix}_externalref`;
  const crNextReview = `${prefix}_nextreviewdate`;
  const crKeyAccountManager = `${prefix}_keyaccountmanagerid`;
  const assignAddress = (v: Record<string, unknown>): string => {
    const [city, state, postal, country, phonePrefix] = rng.pick(CITIES);
    v.address1_line1 = `${rng.int(1, 9999)} ${rng.pick(STREETS)}`;
    v.address1_city = city;
    v.address1_stateorprovince = state;
    v.address1_postalcode = postal;
    v.address1_country = country;
    return phonePrefix;
  };

  // Accounts.
  const accounts = seedRows(data, t('account'), o.sizes.accounts, rng, (i) => {
    const name = `${rng.pick(COMPANY_PREFIXES)} ${rng.pick(COMPANY_SUFFIXES)}${i >= COMPANY_PREFIXES.length * 4 ? ` ${i}` : ''}`;
    const a = address();
    return {
      name,
      accountnumber: `ACC-${String(10000 + i)}`,
      telephone1: phone(a.phonePrefix),
      emailaddress1: `info@${slug(name)}.example`,
      websiteurl: `https://www.${slug(name)}.example`,
      ...a.values,
      industrycode: rng.int(1, 33),
      accountcategorycode: rng.chance(0.3) ? 1 : 2,
      customertypecode: rng.pick([3, 3, 3, 8, 5, 10]),
      numberofemployees: rng.int(5, 20000),
      revenue: rng.int(50, 500000) * 1000,
      transactioncurrencyid: currencyId,
      statecode: rng.chance(0.9) ? 0 : 1,
      [crExternalRef]: rng.chance(0.5) ? `ERP-${rng.int(100000, 999999)}` : null,
      new_preferredchannel: rng.chance(0.6) ? rng.pick([100000000, 100000001, 100000002, 100000003]) : null,
      new_lifetimevalue: rng.chance(0.5) ? rng.int(1000, 900000) : null,
      [crNextReview]: rng.chance(0.4) ? dateOnly(anchor + rng.int(1, 180) * DAY) : null,
      new_isvip: rng.chance(0.1),
      [crKeyAccountManager]: rng.chance(0.5) ? rng.pick(owners) : null,
      ...owned(owner()),
      address1_addresstypecode: more.int(1, 4),
      ownershipcode: more.chance(0.7) ? more.int(1, 4) : null,
      paymenttermscode: more.int(1, 4),
      tickersymbol: more.chance(0.2) ? name.replace(/[^A-Za-z]/g, '').slice(0, 4).toUpperCase() : null,
      creditlimit: more.int(10, 500) * 1000,
      creditonhold: more.chance(0.05),
      donotphone: more.chance(0.05),
      donotemail: more.chance(0.05),
      preferredcontactmethodcode: more.int(1, 5),
      address1_latitude: more.int(-60_00000, 70_00000) / 100000,
      address1_longitude: more.int(-180_00000, 180_00000) / 100000,
      description: more.chance(0.3) ? `${name} is a ${more.pick(['long-standing', 'new', 'strategic', 'regional'])} customer.` : null,
    };
  });
  accounts.forEach((id, i) => {
    if (i > 5 && rng.chance(0.15)) setValue(data, t('account'), id, { parentaccountid: accounts[rng.int(0, i - 1)] });
  });

  // Contacts.
  const channels = [100000000, 100000001, 100000002, 100000003];
  const contacts = seedRows(data, t('contact'), o.sizes.contacts, rng, (i) => {
    const firstname = rng.pick(FIRST_NAMES);
    const lastname = rng.pick(LAST_NAMES);
    const account = accounts.length && rng.chance(0.8) ? rng.pick(accounts) : null;
    const v: Record<string, unknown> = {
      firstname,
      lastname,
      jobtitle: rng.pick(JOB_TITLES),
      emailaddress1: `${slug(firstname)}.${slug(lastname)}${i}@example.com`,
    };
    const phonePrefix = assignAddress(v);
    v.telephone1 = phone(phonePrefix);
    v.mobilephone = rng.chance(0.6) ? phone(phonePrefix) : null;
    v.birthdate = rng.chance(0.4) ? dateOnly(Date.UTC(rng.int(1950, 2000), rng.int(0, 11), rng.int(1, 28))) : null;
    v.donotemail = rng.chance(0.1);
    v.preferredcontactmethodcode = rng.int(1, 5);
    v.transactioncurrencyid = currencyId;
    v.parentcustomerid = account;
    v['parentcustomerid@target'] = account ? 'account' : null;
    v.statecode = rng.chance(0.95) ? 0 : 1;
    v[crExternalRef] = rng.chance(0.3) ? `CRM-${rng.int(100000, 999999)}` : null;
    v.new_preferredchannel = rng.chance(0.6) ? rng.pick(channels) : null;
    v.new_lifetimevalue = rng.chance(0.3) ? rng.int(100, 90000) : null;
    v[crNextReview] = rng.chance(0.2) ? dateOnly(anchor + rng.int(1, 180) * DAY) : null;
    v.new_isvip = rng.chance(0.05);
    v.gendercode = more.chance(0.8) ? more.int(1, 2) : null;
    v.familystatuscode = more.chance(0.5) ? more.int(1, 4) : null;
    v.address1_addresstypecode = more.int(1, 4);
    v.salutation = more.chance(0.4) ? more.pick(['Mr.', 'Ms.', 'Dr.', 'Mx.']) : null;
    v.donotphone = more.chance(0.05);
    v.creditonhold = false;
    v.preferredappointmenttimecode = more.int(1, 3);
    return own(v);
  });
  contacts.forEach((id, i) => {
    if (i > 10 && rng.chance(0.1)) setValue(data, t('contact'), id, { new_referredbyid: contacts[rng.int(0, i - 1)] });
  });
  for (const id of accounts) {
    if (contacts.length && rng.chance(0.7)) setValue(data, t('account'), id, { primarycontactid: rng.pick(contacts) });
  }

  // Leads.
  const leads = seedRows(data, t('lead'), o.sizes.leads, rng, () => {
    const p = person();
    const a = address();
    const company = `${rng.pick(COMPANY_PREFIXES)} ${rng.pick(COMPANY_SUFFIXES)}`;
    const state = rng.pick([0, 0, 0, 1, 2]);
    return {
      ...p,
      subject: `Interested in ${rng.pick(OPPORTUNITY_TOPICS).toLowerCase()}`,
      companyname: company,
      jobtitle: rng.pick(JOB_TITLES),
      emailaddress1: `${slug(p.firstname)}.${slug(p.lastname)}@${slug(company)}.example`,
      telephone1: phone(a.phonePrefix),
      mobilephone: rng.chance(0.5) ? phone(a.phonePrefix) : null,
      ...a.values,
      leadsourcecode: rng.int(1, 10),
      leadqualitycode: rng.int(1, 3),
      industrycode: rng.int(1, 33),
      estimatedclosedate: dateOnly(anchor + rng.int(-60, 120) * DAY),
      estimatedamount: rng.int(1, 500) * 1000,
      transactioncurrencyid: currencyId,
      statecode: state,
      statuscode: state === 0 ? rng.pick([1, 2]) : state === 1 ? 3 : rng.pick([4, 5, 6, 7]),
      ...owned(owner()),
      salutation: more.chance(0.4) ? more.pick(['Mr.', 'Ms.', 'Dr.']) : null,
      preferredcontactmethodcode: more.int(1, 5),
      initialcommunication: more.int(0, 1),
      purchasetimeframe: more.int(0, 4),
      purchaseprocess: more.int(0, 2),
      need: more.int(0, 3),
      budgetamount: more.int(1, 200) * 1000,
      numberofemployees: more.int(5, 5000),
      decisionmaker: more.chance(0.4),
      donotemail: more.chance(0.05),
    };
  });

  // Opportunities.
  const opportunities = seedRows(data, t('opportunity'), o.sizes.opportunities, rng, () => {
    const onAccount = accounts.length > 0 && (contacts.length === 0 || rng.chance(0.7));
    const customer = onAccount ? rng.pick(accounts) : contacts.length ? rng.pick(contacts) : null;
    const state = rng.pick([0, 0, 0, 1, 2]);
    const estimated = rng.int(5, 2000) * 500;
    const close = anchor + rng.int(-200, 200) * DAY;
    const stage = state === 0 ? rng.int(0, 3) : 3;
    return {
      name: rng.pick(OPPORTUNITY_TOPICS),
      estimatedvalue: estimated,
      actualvalue: state === 1 ? estimated : null,
      estimatedclosedate: dateOnly(close),
      actualclosedate: state === 0 ? null : dateOnly(Math.min(close, anchor)),
      closeprobability: state === 1 ? 100 : state === 2 ? 0 : rng.int(10, 90),
      salesstage: stage,
      stepname: ['1-Qualify', '2-Develop', '3-Propose', '4-Close'][stage],
      salesstagecode: 1,
      opportunityratingcode: rng.int(1, 3),
      transactioncurrencyid: currencyId,
      customerid: customer,
      'customerid@target': customer ? (onAccount ? 'account' : 'contact') : null,
      parentaccountid: onAccount ? customer : null,
      parentcontactid: !onAccount ? customer : null,
      statecode: state,
      statuscode: state === 0 ? rng.pick([1, 2]) : state === 1 ? 3 : rng.pick([4, 5]),
      ...owned(owner()),
      budgetamount: Math.round(estimated * (0.8 + more.next() * 0.4)),
      budgetstatus: more.int(0, 3),
      purchasetimeframe: more.int(0, 4),
      purchaseprocess: more.int(0, 2),
      need: more.int(0, 3),
      timeline: more.int(0, 4),
      decisionmaker: more.chance(0.5),
      msdyn_forecastcategory: state === 1 ? 100000005 : state === 2 ? 100000006 : more.pick([100000001, 100000002, 100000003, 100000004]),
      isrevenuesystemcalculated: false,
    };
  });

  // Activities with parties, regarding contacts, accounts, leads and opportunities.
  const regardingPools: Array<[string, string[]]> = [
    ['contact', contacts], ['account', accounts], ['lead', leads], ['opportunity', opportunities],
  ].filter(([, pool]) => (pool as string[]).length > 0) as Array<[string, string[]]>;
  const parties: Array<{ activity: string; type: string; target: string; id: string; mask: number; address?: string }> = [];
  const activityTable = t('activitypointer');
  data.store(activityTable).beginBulk();
  for (let i = 0; i < o.sizes.activities; i++) {
    const type = ACTIVITY_TYPES[i % ACTIVITY_TYPES.length];
    const id = rng.guid();
    const ownerIds = owner();
    const regarding = regardingPools.length && rng.chance(0.9) ? rng.pick(regardingPools) : null;
    const regardingId = regarding ? rng.pick(regarding[1]) : null;
    const start = pastTime(365) + rng.int(8, 17) * 3_600_000;
    const duration = rng.pick([15, 30, 45, 60, 90]);
    const state = rng.chance(0.6) ? 1 : rng.chance(0.9) ? 0 : 2;
    const statusByState: Record<string, [number, number, number]> = {
      phonecall: [1, 2, 3], email: [1, 3, 5], task: [2, 5, 6], appointment: [1, 3, 4],
    };
    const values: Record<string, unknown> = {
      subject: `${rng.pick(ACTIVITY_SUBJECTS[type])}`,
      description: type === 'email' ? `<p>Hello,</p><p>${rng.pick(ACTIVITY_SUBJECTS.email)}.</p>` : null,
      scheduledstart: start,
      scheduledend: start + duration * 60_000,
      scheduleddurationminutes: duration,
      actualstart: state === 1 ? start : null,
      actualend: state === 1 ? start + duration * 60_000 : null,
      actualdurationminutes: state === 1 ? duration : null,
      prioritycode: rng.pick([0, 1, 1, 1, 2]),
      regardingobjectid: regardingId,
      'regardingobjectid@target': regarding ? regarding[0] : null,
      statecode: state,
      statuscode: statusByState[type][state],
      ...owned(ownerIds),
    };
    if (type === 'phonecall') Object.assign(values, { phonenumber: phone('+1 206'), directioncode: rng.chance(0.7) });
    if (type === 'email') Object.assign(values, { directioncode: rng.chance(0.7) });
    if (type === 'task') values.percentcomplete = state === 1 ? 100 : rng.int(0, 90);
    if (type === 'appointment') Object.assign(values, { location: rng.pick(CITIES)[0], isalldayevent: false });
    data.insertRow(t(type), id, values);
    const sender = ownerIds['ownerid@target'] === 'systemuser' ? ownerIds.ownerid : owners[0];
    const counterpart: [string, string] | null =
      regarding && (regarding[0] === 'contact' || regarding[0] === 'lead' || regarding[0] === 'account')
        ? [regarding[0], regardingId!]
        : contacts.length ? ['contact', rng.pick(contacts)] : null;
    if (type === 'phonecall' || type === 'email') {
      const outgoing = values.directioncode === true;
      const from: [string, string] = outgoing ? ['systemuser', sender] : counterpart ?? ['systemuser', sender];
      const to: [string, string] = outgoing ? counterpart ?? ['systemuser', sender] : ['systemuser', sender];
      parties.push({ activity: id, type, target: from[0], id: from[1], mask: 1 });
      parties.push({ activity: id, type, target: to[0], id: to[1], mask: 2 });
    } else if (type === 'appointment') {
      parties.push({ activity: id, type, target: 'systemuser', id: sender, mask: 7 });
      if (counterpart) parties.push({ activity: id, type, target: counterpart[0], id: counterpart[1], mask: 5 });
    }
    if (regarding) parties.push({ activity: id, type, target: regarding[0] === 'opportunity' ? 'account' : regarding[0], id: regarding[0] === 'opportunity' ? (accounts[0] ?? regardingId!) : regardingId!, mask: 8 });
  }
  data.store(activityTable).endBulk();
  const partyTable = t('activityparty');
  const partyStore = data.store(partyTable);
  partyStore.beginBulk();
  for (const p of parties) {
    data.insertRow(partyTable, rng.guid(), {
      activityid: p.activity, 'activityid@target': p.type, partyid: p.id, 'partyid@target': p.target,
      participationtypemask: p.mask,
    });
  }
  partyStore.endBulk();

  // Notes, some with attachments.
  const notePools = regardingPools;
  seedRows(data, t('annotation'), notePools.length ? o.sizes.notes : 0, rng, () => {
    const [target, pool] = rng.pick(notePools);
    const isDocument = rng.chance(0.25);
    const subject = rng.pick(NOTE_SUBJECTS);
    const text = `${subject}: discussed next steps and pricing.`;
    return {
      subject,
      notetext: text,
      objectid: rng.pick(pool),
      'objectid@target': target,
      filename: isDocument ? `${slug(subject)}.txt` : null,
      mimetype: isDocument ? 'text/plain' : null,
      documentbody: isDocument ? Buffer.from(`${text}\n`).toString('base64') : null,
      ...owned(owner()),
    };
  });

  fillExtraColumns(data, o, owners);
  return { data, org, app };
}

/**
 * Fills the extra custom columns with their own PRNG, so adding them leaves every other seeded value as it was.
 */
function fillExtraColumns(data: OrgData, o: OrgSeedOptions, users: string[]): void {
  for (const [tableName, count] of Object.entries(o.extraColumns ?? {})) {
    if (!count) continue;
    const table = data.registry.table(tableName);
    const store = data.store(table);
    const rng = new Prng(hashString(`${o.name}:${tableName}:extra`) ^ o.seed);
    const columns = table.columns.filter((c) => c.isCustom && EXTRA_COLUMN.test(c.logicalName));
    const anchor = o.anchor.getTime();
    const valueOf = (c: ColumnDef): unknown => {
      const choices = c.options ?? [];
      switch (c.type) {
        case 'String':
          return `Value ${rng.int(1, 99999)}`;
        case 'Integer':
          return rng.int(0, 10000);
        case 'Decimal':
          return rng.int(0, 1_000_000) / 100;
        case 'Money':
          return rng.int(0, 100_000) * 10;
        case 'Boolean':
          return rng.chance(0.5);
        case 'DateTime':
          return anchor - rng.int(0, 730) * DAY;
        case 'Picklist':
          return choices[rng.int(0, choices.length - 1)].value;
        case 'MultiSelectPicklist':
          return choices.filter(() => rng.chance(0.4)).map((x) => x.value).join(',') || String(choices[0].value);
        default:
          return users.length ? users[rng.int(0, users.length - 1)] : null;
      }
    };
    for (const r of store.order) {
      if (!data.belongs(table, store, r)) continue;
      for (const c of columns) if (rng.chance(0.6)) store.set(r, c.logicalName, valueOf(c));
    }
  }
}

const EXTRA_COLUMN = /_field\d{3}(id)?$/;

function seedRows(
  data: OrgData,
  table: TableDef,
  count: number,
  rng: Prng,
  make: (i: number) => Record<string, unknown>,
): string[] {
  const store = data.store(table);
  const ids: string[] = [];
  store.beginBulk();
  for (let i = 0; i < count; i++) {
    const id = rng.guid();
    ids.push(id);
    const values = make(i);
    if (values.statecode !== undefined && values.statuscode === undefined) values.statuscode = values.statecode === 0 ? 1 : 2;
    data.insertRow(table, id, values);
  }
  store.endBulk();
  return ids;
}

function setValue(data: OrgData, table: TableDef, id: string, values: Record<string, unknown>): void {
  const store = data.store(table);
  const r = store.find(id);
  for (const [k, v] of Object.entries(values)) store.set(r, k, v);
}
