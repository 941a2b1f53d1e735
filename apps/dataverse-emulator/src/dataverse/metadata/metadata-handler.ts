import { dataverseErrors } from '../errors/dataverse-error';
import { splitTopLevel } from '../odata/query-options';
import { ColumnDef, TableDef } from '../tables/table-descriptor';
import { ApiRequest, ApiResponse, jsonResponse } from '../web-api/api-types';
import { parseGuid, Segment } from '../web-api/resource-path';
import {
  ALL_METADATA_TYPES, attributeMetadata, BASE_ATTRIBUTE_PROPERTIES, entityMetadata, metadataTypeOf, optionSetMetadata,
  relationshipMetadata,
} from './metadata-builder';
import { TableRegistry } from '../tables/table-registry';
import { compileObjectFilter } from './object-filter';

/**
 * `EntityDefinitions`, `EntityDefinitions(LogicalName='x')`, `…/Attributes`, `…/Attributes(LogicalName='y')` and the
 * cast segments `…/Microsoft.Dynamics.CRM.<Type>AttributeMetadata` (needed for type-specific properties and
 * `$expand=OptionSet`). Metadata is never paged.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api
 */
type Obj = Record<string, unknown>;
const NS = 'Microsoft.Dynamics.CRM.';

export function handleMetadata(req: ApiRequest, segments: Segment[]): ApiResponse {
  if (req.method !== 'GET') throw dataverseErrors.methodNotAllowed();
  const params = new URLSearchParams(req.query);
  const [entitySegment, attributesSegment, castSegment, extra] = segments;
  const tables = req.data.registry.tables;
  const base = `${req.apiBase}$metadata#`;

  if (entitySegment.key === undefined) {
    if (attributesSegment) throw dataverseErrors.segmentNotFound(attributesSegment.name);
    let items = tables.map(entityMetadata);
    const filter = params.get('$filter');
    if (filter) items = items.filter(compileObjectFilter(filter));
    const select = selectList(params, Object.keys(items[0] ?? {}), 'EntityMetadata');
    const expand = params.get('$expand');
    const value = items.map((e) => {
      const shaped = shape(e, select);
      if (expand) Object.assign(shaped, expandAttributes(tableOf(tables, e), expand));
      return shaped;
    });
    return jsonResponse(200, { '@odata.context': `${base}EntityDefinitions${select ? `(${select.join(',')})` : ''}`, value });
  }

  const table = findTable(tables, entitySegment.key);
  const entityKey = entitySegment.key.startsWith('LogicalName=') ? `'${table.logicalName}'` : table.metadataId;
  if (!attributesSegment) {
    const e = entityMetadata(table);
    const select = selectList(params, Object.keys(e), 'EntityMetadata');
    const body: Obj = { '@odata.context': `${base}EntityDefinitions${select ? `(${select.join(',')})` : ''}/$entity`, ...shape(e, select) };
    const expand = params.get('$expand');
    if (expand) Object.assign(body, expandAttributes(table, expand));
    return jsonResponse(200, body);
  }
  if (attributesSegment.name === 'ManyToOneRelationships' || attributesSegment.name === 'OneToManyRelationships') {
    if (castSegment || attributesSegment.key !== undefined) throw dataverseErrors.segmentNotFound((castSegment ?? attributesSegment).name);
    let items = attributesSegment.name === 'ManyToOneRelationships' ? manyToOne(req.data.registry, table) : oneToMany(req.data.registry, table);
    const filter = params.get('$filter');
    if (filter) items = items.filter(compileObjectFilter(filter));
    const select = selectList(params, Object.keys(items[0] ?? relationshipMetadata('', '', '', '', '', '', '')), 'OneToManyRelationshipMetadata');
    return jsonResponse(200, {
      '@odata.context': `${base}EntityDefinitions(${entityKey})/${attributesSegment.name}${select ? `(${select.join(',')})` : ''}`,
      value: items.map((r) => shape(r, select)),
    });
  }
  if (attributesSegment.name !== 'Attributes') throw dataverseErrors.segmentNotFound(attributesSegment.name);
  if (extra) throw dataverseErrors.segmentNotFound(extra.name);
  const cast = castSegment ? castType(castSegment.name) : undefined;
  const attributes = table.columns.map((c, i) => ({ c, meta: attributeMetadata(table, c, i + 1) }));
  const prefix = `${base}EntityDefinitions(${entityKey})/Attributes`;

  if (attributesSegment.key !== undefined) {
    const found = findAttribute(attributes, attributesSegment.key);
    if (cast && metadataTypeOf(found.c) !== cast) {
      throw dataverseErrors.badRequest(`The attribute '${found.c.logicalName}' is not of type '${NS}${cast}'.`);
    }
    const allowed = cast ? Object.keys(found.meta) : BASE_ATTRIBUTE_PROPERTIES;
    const select = selectList(params, allowed, cast ?? 'AttributeMetadata');
    const body: Obj = {
      '@odata.context': `${prefix}${cast ? `/${NS}${cast}` : ''}${select ? `(${select.join(',')})` : ''}/$entity`,
      ...(cast ? {} : { '@odata.type': `#${NS}${metadataTypeOf(found.c)}` }),
      ...shape(found.meta, select),
      ...expandOptionSet(table, found.c, params.get('$expand'), Boolean(cast)),
    };
    return jsonResponse(200, body);
  }

  let list = attributes.filter((a) => !cast || metadataTypeOf(a.c) === cast);
  const filter = params.get('$filter');
  if (filter) {
    const predicate = compileObjectFilter(filter);
    list = list.filter((a) => predicate(a.meta));
  }
  const allowed = cast ? [...new Set(list.flatMap((a) => Object.keys(a.meta)))] : BASE_ATTRIBUTE_PROPERTIES;
  const select = selectList(params, cast ? [...allowed, ...BASE_ATTRIBUTE_PROPERTIES] : allowed, cast ?? 'AttributeMetadata');
  const value = list.map((a) => ({
    '@odata.type': `#${NS}${metadataTypeOf(a.c)}`,
    ...shape(a.meta, select),
    ...expandOptionSet(table, a.c, params.get('$expand'), Boolean(cast)),
  }));
  return jsonResponse(200, {
    '@odata.context': `${prefix}${cast ? `/${NS}${cast}` : ''}${select ? `(${select.join(',')})` : ''}`,
    value,
  });
}

function tableOf(tables: TableDef[], e: Obj): TableDef {
  return tables.find((t) => t.logicalName === e.LogicalName)!;
}

function findTable(tables: TableDef[], key: string): TableDef {
  const guid = parseGuid(key);
  const logical = /^LogicalName='([^']*)'$/.exec(key)?.[1];
  const table = guid ? tables.find((t) => t.metadataId === guid) : logical ? tables.find((t) => t.logicalName === logical) : undefined;
  if (!table) {
    throw dataverseErrors.badRequest(
      `Could not find entity with ${guid ? `MetadataId = ${guid}` : `name = '${logical ?? key}'`}.`,
      '0x80040217',
    );
  }
  return table;
}

function findAttribute(attributes: Array<{ c: ColumnDef; meta: Obj }>, key: string): { c: ColumnDef; meta: Obj } {
  const guid = parseGuid(key);
  const logical = /^LogicalName='([^']*)'$/.exec(key)?.[1];
  const found = attributes.find((a) => (guid ? a.meta.MetadataId === guid : a.c.logicalName === logical));
  if (!found) throw dataverseErrors.badRequest(`Could not find attribute with ${guid ? `MetadataId = ${guid}` : `name = '${logical ?? key}'`}.`, '0x80040217');
  return found;
}

function castType(name: string): string {
  const type = name.startsWith(NS) ? name.slice(NS.length) : '';
  // There is no cast to the abstract EnumAttributeMetadata.
  if (!ALL_METADATA_TYPES.has(type)) throw dataverseErrors.segmentNotFound(name);
  return type;
}

/** `$select` on metadata; MetadataId always comes back. */
function selectList(params: URLSearchParams, allowed: string[], typeName: string): string[] | undefined {
  const raw = params.get('$select');
  if (!raw) return undefined;
  const names = splitTopLevel(raw, ',');
  for (const n of names) {
    if (!allowed.includes(n)) throw metadataPropertyNotFound(n, typeName);
  }
  return names;
}

function metadataPropertyNotFound(name: string, typeName: string) {
  return dataverseErrors.badRequest(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${typeName}'.`);
}

function shape(o: Obj, select: string[] | undefined): Obj {
  if (!select) return { ...o };
  const out: Obj = {};
  for (const k of select) out[k] = o[k];
  if (!select.includes('MetadataId')) out.MetadataId = o.MetadataId;
  return out;
}

function expandAttributes(table: TableDef, expand: string): Obj {
  const item = splitTopLevel(expand, ',').find((e) => e.startsWith('Attributes'));
  if (!item) throw dataverseErrors.propertyNotFound(expand, 'EntityMetadata');
  const nested = /\((.*)\)$/.exec(item)?.[1] ?? '';
  const select = /\$select=([^;]*)/.exec(nested)?.[1]?.split(',');
  const filter = /\$filter=([^;]*)/.exec(nested)?.[1];
  let attrs = table.columns.map((c, i) => ({ c, meta: attributeMetadata(table, c, i + 1) }));
  if (filter) {
    const predicate = compileObjectFilter(filter);
    attrs = attrs.filter((a) => predicate(a.meta));
  }
  return { Attributes: attrs.map((a) => ({ '@odata.type': `#${NS}${metadataTypeOf(a.c)}`, ...shape(a.meta, select) })) };
}

function expandOptionSet(table: TableDef, c: ColumnDef, expand: string | null, casted: boolean): Obj {
  if (!expand) return {};
  const out: Obj = {};
  for (const item of splitTopLevel(expand, ',')) {
    const name = item.replace(/\(.*$/, '');
    if (name !== 'OptionSet' && name !== 'GlobalOptionSet') throw metadataPropertyNotFound(name, metadataTypeOf(c));
    // Without a cast the OptionSet navigation property is not available.
    if (!casted) throw metadataPropertyNotFound(name, 'AttributeMetadata');
    const hasOptions = ['Picklist', 'MultiSelectPicklist', 'State', 'Status', 'Boolean'].includes(c.type);
    if (name === 'GlobalOptionSet') {
      out.GlobalOptionSet = null;
      continue;
    }
    if (!hasOptions) continue;
    const optionSet = optionSetMetadata(table, c);
    const select = /\$select=([^;)]*)/.exec(item)?.[1]?.split(',');
    out.OptionSet = shape(optionSet, select);
  }
  return out;
}

/** The table's lookups, one relationship per target table the org has (navigation properties from the reference). */
function manyToOne(registry: TableRegistry, table: TableDef): Obj[] {
  return registry.singleNavs(table).flatMap((nav) => {
    const target = registry.byName.get(nav.target);
    const collection = nav.column.reverseNavs?.[nav.target];
    if (!target || registry.navFor(nav.column, nav.target) !== nav.name) return [];
    const schema = collection ?? `${table.logicalName}_${nav.name}`;
    return [relationshipMetadata(schema, target.logicalName, target.primaryIdAttribute, table.logicalName, nav.column.logicalName, collection ?? '', nav.name)];
  });
}

/** The lookups of other tables that point at this one. */
function oneToMany(registry: TableRegistry, table: TableDef): Obj[] {
  return registry.collectionNavs(table).map((c) =>
    relationshipMetadata(c.name, table.logicalName, table.primaryIdAttribute, c.child.logicalName, c.column.logicalName, c.name, registry.navFor(c.column, table.logicalName) ?? ''),
  );
}
