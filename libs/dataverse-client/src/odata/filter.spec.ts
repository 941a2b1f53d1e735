import { and, contains, eq, escapeLikeWildcards, inValues, isNull, not, or } from './filter';
import { DateOnly, guid } from './odata-literal';
import { buildQueryString } from './query';

describe('$filter building', () => {
  it('doubles single quotes so a value cannot close its literal and add a clause', () => {
    expect(eq('lastname', "O'Bryan' or 1 eq 1 or lastname eq '").expression).toBe("lastname eq 'O''Bryan'' or 1 eq 1 or lastname eq '''");
  });

  it('writes GUIDs, dates and date-only values unquoted, as Dataverse expects', () => {
    expect(eq('_ownerid_value', guid('A1B2C3D4-0000-4000-8000-000000000001')).expression).toBe('_ownerid_value eq a1b2c3d4-0000-4000-8000-000000000001');
    expect(eq('modifiedon', new Date('2026-01-02T03:04:05.678Z')).expression).toBe('modifiedon eq 2026-01-02T03:04:05Z');
    expect(eq('birthdate', new DateOnly('2024-06-30')).expression).toBe('birthdate eq 2024-06-30');
  });

  it('refuses a GUID that is not one, and column paths that are not plain names', () => {
    expect(() => guid("x' or 1 eq 1")).toThrow(/not a GUID/);
    expect(() => eq('name eq 1 or name', 'x')).toThrow(/Invalid OData column path/);
  });

  it('escapes LIKE wildcards inside string functions so %, _ and [ match themselves', () => {
    expect(escapeLikeWildcards('100%_[x]')).toBe('100[%][_][[]x]');
    expect(contains('name', "50% O'Neil").expression).toBe("contains(name,'50[%] O''Neil')");
  });

  it('groups and/or/not, skipping absent parts', () => {
    expect(and(eq('statecode', 0), undefined, or(isNull('emailaddress1'), eq('emailaddress1', 'a@b.c')))?.expression).toBe(
      "(statecode eq 0) and ((emailaddress1 eq null) or (emailaddress1 eq 'a@b.c'))",
    );
    expect(and(undefined)).toBeUndefined();
    expect(not(eq('statecode', 1)).expression).toBe('not (statecode eq 1)');
  });

  it('writes Microsoft.Dynamics.CRM.In with double-quoted values', () => {
    expect(inValues('statuscode', [1, 2]).expression).toBe(`Microsoft.Dynamics.CRM.In(PropertyName='statuscode',PropertyValues=["1","2"])`);
  });
});

describe('query strings', () => {
  it('percent-encodes reserved characters of filter values but keeps the option names', () => {
    const query = buildQueryString({ select: ['fullname'], filter: eq('fullname', 'a&b+c#d/e?f=g é'), top: 5, count: true });
    expect(query).toBe("?$select=fullname&$filter=fullname%20eq%20'a%26b%2Bc%23d%2Fe%3Ff%3Dg%20%C3%A9'&$top=5&$count=true");
    expect(decodeURIComponent(query.split('$filter=')[1].split('&$top')[0])).toBe("fullname eq 'a&b+c#d/e?f=g é'");
  });

  it('writes orderby keys and expands with nested selects', () => {
    expect(
      buildQueryString({
        orderBy: [{ column: 'modifiedon', direction: 'desc' }, { column: 'contactid' }],
        expand: [{ navigation: 'parentcustomerid_account', select: ['name'] }],
      }),
    ).toBe('?$orderby=modifiedon%20desc,contactid%20asc&$expand=parentcustomerid_account($select%3Dname)');
  });
});
