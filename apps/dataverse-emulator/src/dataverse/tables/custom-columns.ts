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

/** The kinds `POST /_emulator/reset` `custom_columns` adds, in rotation (see API.md "Emulator admin API"). */
export const EXTRA_COLUMN_KINDS = ['text', 'wholenumber', 'decimal', 'currency', 'yesno', 'datetime', 'choice', 'choices', 'lookup'] as const;

/**
 * `count` more custom columns on one table, as makers add them for an org with many custom fields: names
 * `{cr}_field001…`, kinds in rotation, lookups to users (navigation property = SchemaName, case-sensitive).
 */
export function extraCustomColumns(table: string, count: number, cr: string): ColumnDef[] {
  const choice = options([100000000, 'Bronze'], [100000001, 'Silver'], [100000002, 'Gold'], [100000003, 'Platinum']);
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const name = `${cr}_field${n}`;
    const schema = `${cr}_Field${n}`;
    const display = `Field ${n}`;
    const o = { custom: true };
    switch (EXTRA_COLUMN_KINDS[i % EXTRA_COLUMN_KINDS.length]) {
      case 'text':
        return col.string(name, schema, display, 100, o);
      case 'wholenumber':
        return { ...col.int(name, schema, display, o), minValue: -2147483648, maxValue: 2147483647 };
      case 'decimal':
        return { ...col.decimal(name, schema, display, 2, o), minValue: -100000000000, maxValue: 100000000000 };
      case 'currency':
        return { ...col.money(name, schema, display, o), minValue: -922337203685477, maxValue: 922337203685477 };
      case 'yesno':
        return col.bool(name, schema, display, ['No', 'Yes'], o);
      case 'datetime':
        return col.datetime(name, schema, display, o);
      case 'choice':
        return col.choice(name, schema, display, choice, o);
      case 'choices':
        return col.choices(name, schema, display, choice, o);
      default:
        return col.lookup(`${name}id`, `${schema}Id`, display, ['systemuser'], { systemuser: [`${schema}Id`] }, {
          systemuser: `${cr}_${table}_field${n}`,
        }, o);
    }
  });
}
