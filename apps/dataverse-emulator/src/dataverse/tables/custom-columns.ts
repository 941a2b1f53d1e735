import { col, ColumnDef, options } from './table-descriptor';

/**
 * Custom columns, as a customer's makers add them: the `new_` prefix of an old default publisher and the random
 * `cr…` prefix of the default solution's publisher. Custom choice values start at the publisher's option-value
 * prefix × 10000. https://learn.microsoft.com/power-apps/maker/data-platform/create-solution#solution-publisher
 */
export function customColumns(table: 'account' | 'contact', cr: string): ColumnDef[] {
  const channel = options(
    [100000000, 'Email'],
    [100000001, 'Phone'],
    [100000002, 'Text Message'],
    [100000003, 'In Person'],
  );
  const shared: ColumnDef[] = [
    col.string(`${cr}_externalref`, `${cr}_ExternalRef`, 'External Reference', 100, { custom: true }),
    col.choice('new_preferredchannel', 'new_PreferredChannel', 'Preferred Channel', channel, { custom: true }),
    col.money('new_lifetimevalue', 'new_LifetimeValue', 'Lifetime Value', { custom: true }),
    col.dateonly(`${cr}_nextreviewdate`, `${cr}_NextReviewDate`, 'Next Review Date', { custom: true }),
    col.bool('new_isvip', 'new_IsVip', 'VIP', ['No', 'Yes'], { custom: true }),
  ];
  // A custom lookup's navigation property is its SchemaName, case-sensitive.
  // https://github.com/microsoft/PowerPlatform-DataverseClient-Python/pull/137
  const lookup =
    table === 'contact'
      ? col.lookup('new_referredbyid', 'new_ReferredById', 'Referred By', ['contact'], { contact: ['new_ReferredById'] }, {
          contact: 'new_contact_referredby',
        }, { custom: true })
      : col.lookup(`${cr}_keyaccountmanagerid`, `${cr}_KeyAccountManagerId`, 'Key Account Manager', ['systemuser'], {
          systemuser: [`${cr}_KeyAccountManagerId`],
        }, { systemuser: `${cr}_account_keyaccountmanager` }, { custom: true });
  return [...shared, lookup];
}

/** The `cr…` prefix of an organization's default publisher: random in Dataverse, derived from the org name here. */
export function customizationPrefix(orgName: string): string {
  let h = 2166136261;
  for (const ch of orgName) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return `cr${((h >>> 0) % 0xfff).toString(16).padStart(3, '0')}`;
}
