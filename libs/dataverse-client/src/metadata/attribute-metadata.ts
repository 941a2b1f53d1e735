import { DataverseFailureKind, isDataverseError } from '../errors/dataverse-error';
import type { DataverseClient } from '../client/dataverse-client';
import { stringLiteral } from '../odata/odata-literal';

/** Dataverse `AttributeType` values (a string enum). */
export type AttributeType =
  | 'String' | 'Memo' | 'Integer' | 'BigInt' | 'Decimal' | 'Double' | 'Money' | 'Boolean' | 'DateTime' | 'Picklist'
  | 'State' | 'Status' | 'Lookup' | 'Customer' | 'Owner' | 'Uniqueidentifier' | 'Virtual' | 'EntityName'
  | 'PartyList' | 'ManagedProperty' | 'CalendarRules' | 'Image' | 'File';

export interface AttributeOption {
  value: number | boolean;
  label: string | null;
}

/** One column of a table, as our services need it: flags, option set, lookup targets, length, date format. */
export interface AttributeInfo {
  logicalName: string;
  schemaName: string;
  attributeType: AttributeType | string;
  /** `AttributeTypeName.Value`, e.g. `MultiSelectPicklistType`, `FileType` (finer than `AttributeType`). */
  attributeTypeName: string | null;
  displayName: string | null;
  description: string | null;
  isCustom: boolean;
  isPrimaryId: boolean;
  isPrimaryName: boolean;
  isValidForRead: boolean;
  isValidForCreate: boolean;
  isValidForUpdate: boolean;
  /** `RequiredLevel.Value`: `None`, `SystemRequired`, `ApplicationRequired`, `Recommended`. */
  requiredLevel: string | null;
  /** Set for columns that belong to another one (a lookup's name column, a choice's label column). */
  attributeOf: string | null;
  maxLength: number | null;
  /** Numbers: the smallest and largest value the column accepts. */
  minValue: number | null;
  maxValue: number | null;
  /** `DateOnly` or `DateAndTime` for DateTime columns. */
  dateFormat: string | null;
  options: AttributeOption[];
  /** The tables a lookup can point to. */
  targets: string[];
  /** The metadata as Dataverse gave it (base properties). */
  raw: Record<string, unknown>;
}

/** The metadata of one table's columns, indexed. */
export class EntityAttributes {
  readonly byName: ReadonlyMap<string, AttributeInfo>;
  /** Custom columns a row can carry (readable, not a sub-column of another). */
  readonly custom: readonly AttributeInfo[];
  /** The custom columns with their `$select` names, named once for the mappers (not per row). */
  readonly customColumns: readonly { attribute: AttributeInfo; column: string }[];
  /** Each choice column's labels by value, indexed on first use (a page asks for the same few columns per row). */
  private readonly labelsByColumn = new Map<string, ReadonlyMap<number | boolean, string | null>>();

  constructor(
    readonly entity: string,
    readonly attributes: readonly AttributeInfo[],
  ) {
    this.byName = new Map(attributes.map((attribute) => [attribute.logicalName, attribute]));
    this.custom = attributes.filter((attribute) => attribute.isCustom && attribute.isValidForRead && !attribute.attributeOf && isSelectable(attribute));
    this.customColumns = this.custom.map((attribute) => ({ attribute, column: selectNameOf(attribute) }));
  }

  has(logicalName: string): boolean {
    return this.byName.has(logicalName);
  }

  /** The label of a choice value in the column's option set; null when the column or the value is not known. */
  optionLabel(logicalName: string, value: number | boolean): string | null {
    let labels = this.labelsByColumn.get(logicalName);
    if (labels === undefined) {
      labels = new Map((this.byName.get(logicalName)?.options ?? []).map((option) => [option.value, option.label]));
      this.labelsByColumn.set(logicalName, labels);
    }
    return labels.get(value) ?? null;
  }
}

/** The `$select` name of a column: lookups are read as `_x_value`. */
export function selectNameOf(attribute: AttributeInfo): string {
  return isLookupType(attribute.attributeType) ? `_${attribute.logicalName}_value` : attribute.logicalName;
}

export function isLookupType(type: string): boolean {
  return type === 'Lookup' || type === 'Customer' || type === 'Owner';
}

function isSelectable(attribute: AttributeInfo): boolean {
  return !['Virtual', 'PartyList', 'ManagedProperty', 'CalendarRules'].includes(attribute.attributeType) || attribute.attributeTypeName === 'MultiSelectPicklistType';
}

const BASE_SELECT = [
  'LogicalName', 'SchemaName', 'AttributeType', 'AttributeTypeName', 'DisplayName', 'Description', 'IsCustomAttribute',
  'IsPrimaryId', 'IsPrimaryName', 'IsValidForRead', 'IsValidForCreate', 'IsValidForUpdate', 'RequiredLevel', 'AttributeOf',
];

interface Label {
  UserLocalizedLabel?: { Label?: string } | null;
  LocalizedLabels?: { Label?: string }[];
}

interface RawAttribute {
  LogicalName: string;
  SchemaName?: string;
  AttributeType?: string;
  AttributeTypeName?: { Value?: string } | null;
  DisplayName?: Label | null;
  Description?: Label | null;
  IsCustomAttribute?: boolean;
  IsPrimaryId?: boolean;
  IsPrimaryName?: boolean;
  IsValidForRead?: boolean;
  IsValidForCreate?: boolean;
  IsValidForUpdate?: boolean;
  RequiredLevel?: { Value?: string } | null;
  AttributeOf?: string | null;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
  Format?: string;
  Targets?: string[];
  OptionSet?: { Options?: { Value: number; Label?: Label }[]; TrueOption?: { Value: number; Label?: Label }; FalseOption?: { Value: number; Label?: Label } } | null;
}

export function labelOf(label: Label | null | undefined): string | null {
  return label?.UserLocalizedLabel?.Label ?? label?.LocalizedLabels?.[0]?.Label ?? null;
}

/** The type-specific facts that need a cast segment, fetched per metadata type (one request each, never per column). */
const CASTS: { type: string; select: string[]; expand?: string; apply: (info: AttributeInfo, raw: RawAttribute) => void }[] = [
  { type: 'StringAttributeMetadata', select: ['LogicalName', 'MaxLength'], apply: (info, raw) => (info.maxLength = raw.MaxLength ?? null) },
  { type: 'MemoAttributeMetadata', select: ['LogicalName', 'MaxLength'], apply: (info, raw) => (info.maxLength = raw.MaxLength ?? null) },
  ...['Integer', 'Decimal', 'Double', 'Money'].map((kind) => ({
    type: `${kind}AttributeMetadata`,
    select: ['LogicalName', 'MinValue', 'MaxValue'],
    apply: (info: AttributeInfo, raw: RawAttribute) => {
      info.minValue = raw.MinValue ?? null;
      info.maxValue = raw.MaxValue ?? null;
    },
  })),
  { type: 'DateTimeAttributeMetadata', select: ['LogicalName', 'Format'], apply: (info, raw) => (info.dateFormat = raw.Format ?? null) },
  { type: 'LookupAttributeMetadata', select: ['LogicalName', 'Targets'], apply: (info, raw) => (info.targets = raw.Targets ?? []) },
  ...['Picklist', 'State', 'Status', 'MultiSelectPicklist'].map((kind) => ({
    type: `${kind}AttributeMetadata`,
    select: ['LogicalName'],
    expand: 'OptionSet($select=Options)',
    apply: (info: AttributeInfo, raw: RawAttribute) => (info.options = (raw.OptionSet?.Options ?? []).map((option) => ({ value: option.Value, label: labelOf(option.Label) }))),
  })),
  {
    type: 'BooleanAttributeMetadata',
    select: ['LogicalName'],
    expand: 'OptionSet',
    apply: (info, raw) => {
      const set = raw.OptionSet;
      info.options = [set?.FalseOption, set?.TrueOption]
        .filter((option): option is { Value: number; Label?: Label } => option !== undefined)
        .map((option) => ({ value: option.Value === 1, label: labelOf(option.Label) }));
    },
  },
];

/**
 * Reads the columns of a table: base properties in one request, then one request per metadata cast for option sets,
 * lookup targets, lengths and date formats. Metadata is never paged.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api#retrieve-attributes
 */
export async function fetchEntityAttributes(client: DataverseClient, entity: string): Promise<EntityAttributes> {
  const base = `EntityDefinitions(LogicalName=${stringLiteral(entity)})/Attributes`;
  const list = await client.request<{ value: RawAttribute[] }>('GET', base, { query: `?$select=${BASE_SELECT.join(',')}`, annotations: false });
  const infos = list.body.value.map(toInfo);
  const byName = new Map(infos.map((info) => [info.logicalName, info]));
  await Promise.all(
    CASTS.map(async (cast) => {
      const query = `?$select=${cast.select.join(',')}${cast.expand ? `&$expand=${cast.expand}` : ''}`;
      const path = `${base}/Microsoft.Dynamics.CRM.${cast.type}`;
      let rows: RawAttribute[];
      try {
        rows = (await client.request<{ value: RawAttribute[] }>('GET', path, { query, annotations: false })).body.value;
      } catch (error) {
        // An org (or older Dataverse) without this metadata type: nothing to add.
        if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) return;
        // Some servers refuse a type-specific $select when no column has that type: ask for whole objects instead.
        if (!isDataverseError(error, DataverseFailureKind.REJECTED)) throw error;
        rows = (await client.request<{ value: RawAttribute[] }>('GET', path, { query: cast.expand ? `?$expand=${cast.expand}` : '', annotations: false })).body.value;
      }
      for (const raw of rows) {
        const info = byName.get(raw.LogicalName);
        if (info) cast.apply(info, raw);
      }
    }),
  );
  return new EntityAttributes(entity, infos);
}

function toInfo(raw: RawAttribute): AttributeInfo {
  const { ['@odata.type' as keyof RawAttribute]: _type, ...rest } = raw as RawAttribute & Record<string, unknown>;
  return {
    logicalName: raw.LogicalName,
    schemaName: raw.SchemaName ?? raw.LogicalName,
    attributeType: raw.AttributeType ?? 'Virtual',
    attributeTypeName: raw.AttributeTypeName?.Value ?? null,
    displayName: labelOf(raw.DisplayName),
    description: labelOf(raw.Description),
    isCustom: raw.IsCustomAttribute === true,
    isPrimaryId: raw.IsPrimaryId === true,
    isPrimaryName: raw.IsPrimaryName === true,
    isValidForRead: raw.IsValidForRead !== false,
    isValidForCreate: raw.IsValidForCreate === true,
    isValidForUpdate: raw.IsValidForUpdate === true,
    requiredLevel: raw.RequiredLevel?.Value ?? null,
    attributeOf: raw.AttributeOf ?? null,
    maxLength: null,
    minValue: null,
    maxValue: null,
    dateFormat: null,
    options: [],
    targets: [],
    raw: rest as Record<string, unknown>,
  };
}
