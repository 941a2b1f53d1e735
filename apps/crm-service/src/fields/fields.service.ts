import { Inject, Injectable } from '@nestjs/common';
import { CursorCodec } from '@dua/service-kit';
import { CallContext, CrmEntity, CrmGetRequestDto, DomainError, FieldDto, ListEnvelope, listEnvelopeOf, ListFieldsQueryDto } from '@dua/unified-models';
import { cursorBinding } from '@dua/account-access';
import { CrmReader } from '../common/crm-reader';
import { ENTITY_TABLES, isDescribedAttribute, mapField } from './field.mapper';

interface OffsetPosition {
  offset: number;
}

const ENTITIES = Object.values(CrmEntity);

/**
 * Fields come from attribute metadata (cached per environment and table), not from a paged Dataverse query: the list
 * is assembled in memory and paged with a signed offset cursor bound like every other.
 */
@Injectable()
export class FieldsService {
  constructor(
    private readonly reader: CrmReader,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(context: CallContext, query: ListFieldsQueryDto): Promise<ListEnvelope<FieldDto>> {
    const binding = cursorBinding(context, 'fields', query);
    const offset = query.next_cursor ? this.cursors.decode<OffsetPosition>(query.next_cursor, binding).offset : 0;
    const client = await this.reader.clientFor(context, query.integrated_account_id);
    const entities = query.entity ? [query.entity] : ENTITIES;
    const perEntity = await Promise.all(
      entities.map(async (entity) => {
        const attributes = await this.reader.attributes(client, ENTITY_TABLES[entity]);
        return attributes.attributes.filter(isDescribedAttribute).map((attribute) => mapField(entity, attribute, query.include_remote_data === true));
      }),
    );
    const all = perEntity.flat();
    const limit = query.limit ?? 100;
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? this.cursors.encode<OffsetPosition>({ offset: offset + limit }, binding) : null;
    return listEnvelopeOf(page, next, query.include_total ? all.length : undefined);
  }

  async get(context: CallContext, request: CrmGetRequestDto): Promise<FieldDto> {
    const separator = request.id.indexOf('.');
    const entity = request.id.slice(0, separator) as CrmEntity;
    const name = request.id.slice(separator + 1);
    if (separator < 0 || !ENTITIES.includes(entity)) throw DomainError.notFound(`The field ${request.id}`);
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const attribute = (await this.reader.attributes(client, ENTITY_TABLES[entity])).byName.get(name);
    if (!attribute || !isDescribedAttribute(attribute)) throw DomainError.notFound(`The field ${request.id}`);
    return mapField(entity, attribute, request.include_remote_data === true);
  }
}
