import { formattedValue } from '@dua/dataverse-client';
import { DirectoryOrganizationDto } from '@dua/unified-models';
import { OrganizationRow } from '../dataverse/directory.tables';
import { languageTagOf } from './languages';

/** A Dataverse `organization` row (with its base currency expanded) as a unified organization. */
export function toDirectoryOrganization(row: OrganizationRow, options: { includeRemoteData?: boolean } = {}): DirectoryOrganizationDto {
  const organization: DirectoryOrganizationDto = {
    id: row.organizationid,
    name: row.name ?? null,
    language: languageTagOf(row.languagecode),
    // The ISO code needs the expanded currency; the lookup's formatted value (its name) is the fallback.
    base_currency: row.basecurrencyid?.isocurrencycode || formattedValue(row as unknown as Record<string, unknown>, '_basecurrencyid_value'),
    created_at: row.createdon ?? null,
  };
  if (options.includeRemoteData) organization.remote_data = row as unknown as Record<string, unknown>;
  return organization;
}
