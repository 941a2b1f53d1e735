import { EntityAttributes } from '@dua/dataverse-client';
import { CrmSortBy, ListContactsQueryDto, ListOpportunitiesQueryDto, OpportunityStatus, SortOrder } from '@dua/unified-models';
import { CONTACTS } from '../contacts/contacts.resource';
import { OPPORTUNITIES } from '../opportunities/opportunities.resource';
import { attribute, contactCustomAttributes } from '../testing/builders';
import { cursorBinding } from '@dua/account-access';
import { listQuery, selectOf } from './crm-reader';
import { buildQueryString } from '@dua/dataverse-client';

const ACCOUNT_ID = '2b8d1a36-5c1e-4f6b-9a51-0f3b8e2c7d10';

function query<Query>(members: Partial<Query>): Query {
  return { integrated_account_id: ACCOUNT_ID, limit: 100, ...members } as Query;
}

/** An org whose contact table lacks emailaddress2/3, department and the address2 block (as the emulator's). */
const contactAttributes = new EntityAttributes('contact', [
  ...CONTACTS.table.select
    .filter((column) => !['emailaddress2', 'emailaddress3', 'department'].includes(column) && !column.startsWith('address2_'))
    .map((column) => attribute(column.replace(/^_(.+)_value$/, '$1'), column.startsWith('_') ? { attributeType: 'Lookup' } : {})),
  ...contactCustomAttributes(),
]);

describe('the list query', () => {
  it('selects the columns the org has, then every custom column (lookups as _x_value)', () => {
    const select = selectOf(CONTACTS, contactAttributes);
    expect(select).toContain('emailaddress1');
    expect(select).not.toContain('emailaddress2');
    expect(select).not.toContain('address2_city');
    expect(select.slice(-6)).toEqual(['creb7_externalref', 'new_preferredchannel', 'new_lifetimevalue', 'creb7_nextreviewdate', 'new_isvip', '_new_referredbyid_value']);
  });

  it('escapes filter values so quotes and OData syntax stay literal, and only emails the org has are searched', () => {
    const odata = listQuery(CONTACTS, query<ListContactsQueryDto>({ email: "o'neil' or 1 eq 1 or emailaddress1 eq '", account_id: ACCOUNT_ID }), contactAttributes);
    expect(odata.filter?.expression).toBe(`(_parentcustomerid_value eq ${ACCOUNT_ID}) and (emailaddress1 eq 'o''neil'' or 1 eq 1 or emailaddress1 eq ''')`);
  });

  it('filters by dates and sorts with the primary key as tie-breaker, counting on request', () => {
    const odata = listQuery(
      CONTACTS,
      query<ListContactsQueryDto>({ updated_after: '2025-01-02T03:04:05.678+02:00', created_after: '2024-12-31', sort_by: CrmSortBy.NAME, order: SortOrder.DESC, include_total: true }),
      contactAttributes,
    );
    expect(odata.filter?.expression).toBe('(modifiedon gt 2025-01-02T01:04:05Z) and (createdon gt 2024-12-31T00:00:00Z)');
    expect(odata.orderBy).toEqual([{ column: 'fullname', direction: 'desc' }, { column: 'contactid', direction: 'desc' }]);
    expect(buildQueryString(odata)).toContain('$count=true');
  });

  it('maps opportunity status and stage filters onto statecode and stepname', () => {
    const odata = listQuery(OPPORTUNITIES, query<ListOpportunitiesQueryDto>({ status: OpportunityStatus.WON, stage: "3-Close'" }), new EntityAttributes('opportunity', []));
    expect(odata.filter?.expression).toBe("(statecode eq 1) and (stepname eq '3-Close''')");
  });
});

describe('the cursor binding', () => {
  const context = { request_id: 'r', environment_id: 'env-1' };

  it('ignores the cursor, the page size and include_remote_data, and nothing else', () => {
    const base = cursorBinding(context, 'contacts', query<ListContactsQueryDto>({ email: 'a@b.c' }));
    expect(cursorBinding(context, 'contacts', query<ListContactsQueryDto>({ email: 'a@b.c', limit: 5, next_cursor: 'x', include_remote_data: true }))).toEqual(base);
    expect(cursorBinding(context, 'contacts', query<ListContactsQueryDto>({ email: 'other@b.c' }))).not.toEqual(base);
    expect(cursorBinding(context, 'leads', query<ListContactsQueryDto>({ email: 'a@b.c' }))).not.toEqual(base);
    expect(cursorBinding({ ...context, environment_id: 'env-2' }, 'contacts', query<ListContactsQueryDto>({ email: 'a@b.c' }))).not.toEqual(base);
  });
});
