import { Injectable } from '@nestjs/common';
import { DataverseClient, DataverseErrorCode, DataverseFailureKind, DataverseRow, eq, guid, isDataverseError, or } from '@dua/dataverse-client';
import { CallContext, DomainError, EngagementDto, ErrorCode, ReadChangesReply, ReadChangesRequest } from '@dua/unified-models';
import { CrmReader, selectOf, toRecord } from '../common/crm-reader';
import { MappingContext } from '../common/crm-resource';
import { CurrencyDirectory } from '../common/currency-directory';
import { fetchEngagementRelated, IDS_PER_QUERY } from '../engagements/engagement-related';
import { withRelated } from '../engagements/engagement.mapper';
import { CHANGE_SOURCES, ChangeSource } from './change-sources';

/**
 * Where a resource's change read stands: per tracked table, the link to GET next (null: the initial read; '': the
 * table has no change tracking), and which table the current round is at. A round ends when every table has
 * returned a delta link. Handed to sync-service as an opaque string and back; the links are checked against the
 * account's environment by the client before they are followed.
 */
interface Position {
  links: Array<string | null>;
  at: number;
}

type UnifiedRecord = Record<string, unknown> & { id: string };

/** One page of Dataverse change tracking of a Unified CRM resource, mapped by the same definitions as the reads. */
@Injectable()
export class ChangesService {
  constructor(
    private readonly reader: CrmReader,
    private readonly currencies: CurrencyDirectory,
  ) {}

  async read(context: CallContext, request: ReadChangesRequest): Promise<ReadChangesReply> {
    const source = Object.hasOwn(CHANGE_SOURCES, request.resource) ? CHANGE_SOURCES[request.resource] : undefined;
    if (!source) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Unknown resource', { errors: [{ field: 'resource', message: 'not a resource with changes' }] });
    const position = parsePosition(request.position, source);
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const link = position.links[position.at];
    const entitySet = source.trackedSets[position.at];
    const reply: ReadChangesReply = { changed: [], deleted: [], position: '', caught_up: false };
    if (link !== '') {
      try {
        const page = await this.readPage(client, source, entitySet, link, request.page_size);
        reply.changed = page.changed;
        reply.deleted = page.deleted;
        position.links[position.at] = page.nextLink ?? page.deltaLink ?? null;
        if (page.nextLink) return { ...reply, position: JSON.stringify(position) };
      } catch (error) {
        if (isDataverseError(error, DataverseFailureKind.CHANGE_TOKEN_EXPIRED)) return { ...reply, position: request.position ?? '', expired: true };
        if (!isDataverseError(error) || error.remote?.code !== DataverseErrorCode.CHANGE_TRACKING_NOT_ENABLED) throw error;
        position.links[position.at] = '';
      }
    }
    position.at = (position.at + 1) % source.trackedSets.length;
    const notTracked = source.trackedSets.filter((_, index) => position.links[index] === '');
    return { ...reply, position: JSON.stringify(position), caught_up: position.at === 0, ...(notTracked.length ? { not_tracked: notTracked } : {}) };
  }

  private async readPage(client: DataverseClient, source: ChangeSource, entitySet: string, link: string | null, pageSize: number) {
    const { resource } = source;
    const attributes = await this.reader.attributes(client, resource.table.logicalName);
    const select = source.readBack ? [resource.table.primaryKey] : selectOf(resource, attributes);
    const page = await client.changes<DataverseRow>(link ? { link } : { entitySet, select }, pageSize);
    const currencyCodes = resource.usesCurrencies ? await this.currencies.codes(client) : new Map<string, string>();
    const mapping: MappingContext = { attributes, currencyCodes };
    const changed = source.readBack
      ? await this.readEngagements(client, source, mapping, page.rows.map((row) => String(row[resource.table.primaryKey])))
      : page.rows.map((row) => toRecord(resource, row, mapping, false) as UnifiedRecord);
    return { changed, deleted: page.deletedIds, nextLink: page.nextLink, deltaLink: page.deltaLink };
  }

  /** Changed activities read back through the engagements definition (with parties and type columns), in change order. */
  private async readEngagements(client: DataverseClient, source: ChangeSource, mapping: MappingContext, ids: string[]): Promise<UnifiedRecord[]> {
    const { resource } = source;
    const byId = new Map<string, EngagementDto>();
    for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
      const chunk = ids.slice(start, start + IDS_PER_QUERY);
      const filter = or(...chunk.map((id) => eq(resource.table.primaryKey, guid(id))));
      for await (const page of client.pages<DataverseRow>(resource.table.entitySet, { select: selectOf(resource, mapping.attributes), filter })) {
        for (const row of page.rows) {
          const record = toRecord(resource, row, mapping, false) as EngagementDto;
          if (record.type) byId.set(record.id, record);
        }
      }
    }
    const records = [...byId.values()];
    const related = await fetchEngagementRelated(client, records);
    // A row deleted since the delta is absent here; its deletion comes with the next delta.
    return ids.flatMap((id) => {
      const record = byId.get(id);
      return record ? [withRelated(record, related.get(id)) as unknown as UnifiedRecord] : [];
    });
  }
}

function parsePosition(raw: string | null, source: ChangeSource): Position {
  const initial: Position = { links: source.trackedSets.map(() => null), at: 0 };
  if (!raw) return initial;
  try {
    const parsed = JSON.parse(raw) as Position;
    const valid =
      Array.isArray(parsed.links) &&
      parsed.links.length === source.trackedSets.length &&
      parsed.links.every((link) => link === null || typeof link === 'string') &&
      Number.isInteger(parsed.at) &&
      parsed.at >= 0 &&
      parsed.at < parsed.links.length;
    if (valid) return parsed;
  } catch {
    // refused below
  }
  throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The change position is malformed', { errors: [{ field: 'position', message: 'not a position this service issued' }] });
}
