import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrganizationRow } from '../dataverse/directory.tables';
import { languageTagOf } from './languages';
import { toDirectoryOrganization } from './organization.mapper';

/** The row the emulator answered to `organizations?$expand=basecurrencyid($select=isocurrencycode)` (it has no createdon). */
const row: OrganizationRow = JSON.parse(readFileSync(join(__dirname, 'fixtures/organization.emulator.json'), 'utf8'));

describe('toDirectoryOrganization', () => {
  it('maps the LCID to a language tag and the base currency to its ISO code', () => {
    expect(toDirectoryOrganization(row)).toEqual({
      id: '47c058bc-e3ee-4844-a1e5-014a38feb1dc',
      name: 'contoso',
      language: 'en-US',
      base_currency: 'USD',
      created_at: null,
    });
  });

  it('uses the currency lookup formatted value when the currency was not expanded', () => {
    expect(toDirectoryOrganization({ ...row, basecurrencyid: undefined }).base_currency).toBe('US Dollar');
  });

  it('has no base currency when the lookup is empty', () => {
    const bare: OrganizationRow = { organizationid: row.organizationid, name: 'x', languagecode: null, _basecurrencyid_value: null };
    expect(toDirectoryOrganization(bare)).toMatchObject({ base_currency: null, language: null });
  });

  it('keeps createdon when the environment has it', () => {
    expect(toDirectoryOrganization({ ...row, createdon: '2021-03-04T05:06:07Z' }).created_at).toBe('2021-03-04T05:06:07Z');
  });

  it('adds the raw row as remote_data only when asked', () => {
    expect(toDirectoryOrganization(row, { includeRemoteData: true }).remote_data).toEqual(row);
    expect(toDirectoryOrganization(row)).not.toHaveProperty('remote_data');
  });
});

describe('languageTagOf', () => {
  it('keeps an unknown LCID as text rather than guessing', () => {
    expect(languageTagOf(1031)).toBe('de-DE');
    expect(languageTagOf(9999)).toBe('9999');
    expect(languageTagOf(null)).toBeNull();
  });
});
