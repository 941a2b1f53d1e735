/**
 * One descriptor per Dataverse table: logical name, entity set, keys and typed columns. Everything else (storage,
 * OData validation, serialization, metadata, writes) is driven by these descriptors.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-types-operations
 */
export type AttributeType =
  | 'Uniqueidentifier'
  | 'String'
  | 'Memo'
  | 'Integer'
  | 'BigInt'
  | 'Decimal'
  | 'Double'
  | 'Money'
  | 'Boolean'
  | 'DateTime'
  | 'Picklist'
  | 'MultiSelectPicklist'
  | 'State'
  | 'Status'
  | 'Lookup'
  | 'Customer'
  | 'Owner'
  | 'EntityName'
  | 'PartyList'
  | 'Image'
  | 'File';

export type RequiredLevel = 'None' | 'SystemRequired' | 'ApplicationRequired' | 'Recommended';

export interface OptionDef {
  value: number;
  label: string;
  /** Status options: the state they belong to. */
  state?: number;
  /** State options: the status a row gets when only the state is set. */
  defaultStatus?: number;
}

export interface ColumnDef {
  logicalName: string;
  schemaName: string;
  type: AttributeType;
  displayName: string;
  requiredLevel: RequiredLevel;
  validForCreate: boolean;
  validForUpdate: boolean;
  isCustom: boolean;
  maxLength?: number;
  precision?: number;
  /** Integer, BigInt, Decimal, Double and Money ranges (the reference's MinValue / MaxValue). */
  minValue?: number;
  maxValue?: number;
  /** String FormatName (Email, Url, Phone, …) or DateTime Format, as the reference prints it. */
  format?: string;
  /** Boolean columns: the value a create without the column stores. */
  defaultValue?: boolean;
  /** `false` for columns that are no property of the Web API's entity type (party lists, images, unreadable columns). */
  webApi?: boolean;
  /** `false` where the reference says IsValidForRead is false. */
  validForRead?: boolean;
  /** DateTime columns with the DateOnly behaviour are exposed as Edm.Date (`YYYY-MM-DD`). */
  dateOnly?: boolean;
  options?: OptionDef[];
  /** [false label, true label]. */
  booleanLabels?: [string, string];
  /** Lookups: target tables. */
  targets?: string[];
  /** Lookups: single-valued navigation property per target; the first is written in annotations. */
  navs?: Record<string, string[]>;
  /** Lookups: the collection-valued navigation property on each target table (one-to-many). */
  reverseNavs?: Record<string, string>;
  /** Read-only columns maintained by the emulator (fullname, address1_composite, versionnumber, …). */
  computed?: boolean;
}

export interface TableDef {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  displayName: string;
  displayCollectionName: string;
  objectTypeCode: number;
  ownershipType: 'UserOwned' | 'OrganizationOwned' | 'BusinessOwned' | 'None';
  isActivity: boolean;
  isCustomEntity: boolean;
  /** Physical storage: activities share activitypointer's rows (and `activityid`). */
  storage: string;
  /** For activity types: the `activitytypecode` its rows carry. */
  activityTypeCode?: string;
  columns: ColumnDef[];
  metadataId: string;
  /** `ChangeTrackingEnabled`: the table answers `Prefer: odata.track-changes` with a delta link. */
  changeTracking?: boolean;
}

export const lookupProperty = (column: string): string => `_${column}_value`;

export const isLookup = (c: ColumnDef): boolean => c.type === 'Lookup' || c.type === 'Customer' || c.type === 'Owner';

interface ColumnOptions {
  required?: RequiredLevel;
  create?: boolean;
  update?: boolean;
  custom?: boolean;
  computed?: boolean;
}

function base(
  logicalName: string,
  schemaName: string,
  type: AttributeType,
  displayName: string,
  o: ColumnOptions = {},
): ColumnDef {
  const computed = o.computed ?? false;
  return {
    logicalName,
    schemaName,
    type,
    displayName,
    requiredLevel: o.required ?? 'None',
    validForCreate: o.create ?? !computed,
    validForUpdate: o.update ?? !computed,
    isCustom: o.custom ?? logicalName.includes('_'),
    computed,
  };
}

/** Small builders so each table is declared in one readable block. */
export const col = {
  id: (name: string, schema: string, display: string): ColumnDef =>
    base(name, schema, 'Uniqueidentifier', display, { required: 'SystemRequired', update: false, custom: false }),
  string: (name: string, schema: string, display: string, maxLength = 100, o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'String', display, o),
    maxLength,
  }),
  memo: (name: string, schema: string, display: string, maxLength = 2000, o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'Memo', display, o),
    maxLength,
  }),
  int: (name: string, schema: string, display: string, o: ColumnOptions = {}): ColumnDef =>
    base(name, schema, 'Integer', display, o),
  bigint: (name: string, schema: string, display: string, o: ColumnOptions = {}): ColumnDef =>
    base(name, schema, 'BigInt', display, o),
  decimal: (name: string, schema: string, display: string, precision = 2, o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'Decimal', display, o),
    precision,
  }),
  money: (name: string, schema: string, display: string, o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'Money', display, o),
    precision: 2,
  }),
  bool: (name: string, schema: string, display: string, labels: [string, string] = ['No', 'Yes'], o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'Boolean', display, o),
    booleanLabels: labels,
  }),
  datetime: (name: string, schema: string, display: string, o: ColumnOptions = {}): ColumnDef =>
    base(name, schema, 'DateTime', display, o),
  dateonly: (name: string, schema: string, display: string, o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'DateTime', display, o),
    dateOnly: true,
  }),
  choice: (name: string, schema: string, display: string, options: OptionDef[], o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'Picklist', display, o),
    options,
  }),
  /** A multi-select choice ("choices"): written and read as a string of comma-separated values. */
  choices: (name: string, schema: string, display: string, options: OptionDef[], o: ColumnOptions = {}): ColumnDef => ({
    ...base(name, schema, 'MultiSelectPicklist', display, o),
    options,
  }),
  state: (options: OptionDef[]): ColumnDef => ({
    ...base('statecode', 'StateCode', 'State', 'Status', { required: 'SystemRequired', custom: false }),
    options,
  }),
  status: (options: OptionDef[]): ColumnDef => ({
    ...base('statuscode', 'StatusCode', 'Status', 'Status Reason', { custom: false }),
    options,
  }),
  entityName: (name: string, schema: string, display: string, o: ColumnOptions = {}): ColumnDef =>
    base(name, schema, 'EntityName', display, o),
  /**
   * A lookup. `navs` maps each target to its navigation properties; `reverseNavs` names the one-to-many
   * collection on the target table.
   */
  lookup: (
    name: string,
    schema: string,
    display: string,
    targets: string[],
    navs: Record<string, string[]>,
    reverseNavs: Record<string, string> = {},
    o: ColumnOptions & { type?: 'Lookup' | 'Customer' | 'Owner' } = {},
  ): ColumnDef => ({
    ...base(name, schema, o.type ?? 'Lookup', display, o),
    targets,
    navs,
    reverseNavs,
  }),
};

/** Options from `[value, label]` pairs. */
export const options = (...pairs: Array<[number, string] | [number, string, number]>): OptionDef[] =>
  pairs.map(([value, label, state]) => (state === undefined ? { value, label } : { value, label, state }));
