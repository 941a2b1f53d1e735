import { stableGuid } from '../../util/stable-guid';
import { AttributeType, ColumnDef, TableDef } from '../tables/table-descriptor';

/**
 * EntityMetadata and AttributeMetadata objects shaped like Dataverse's (see metadata-attribute-boolean-full.json).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api
 */
type Obj = Record<string, unknown>;

const TYPE_NAMES: Record<AttributeType, [metadataType: string, typeName: string]> = {
  Uniqueidentifier: ['UniqueIdentifierAttributeMetadata', 'UniqueidentifierType'],
  String: ['StringAttributeMetadata', 'StringType'],
  Memo: ['MemoAttributeMetadata', 'MemoType'],
  Integer: ['IntegerAttributeMetadata', 'IntegerType'],
  BigInt: ['BigIntAttributeMetadata', 'BigIntType'],
  Decimal: ['DecimalAttributeMetadata', 'DecimalType'],
  Double: ['DoubleAttributeMetadata', 'DoubleType'],
  Money: ['MoneyAttributeMetadata', 'MoneyType'],
  Boolean: ['BooleanAttributeMetadata', 'BooleanType'],
  DateTime: ['DateTimeAttributeMetadata', 'DateTimeType'],
  Picklist: ['PicklistAttributeMetadata', 'PicklistType'],
  MultiSelectPicklist: ['MultiSelectPicklistAttributeMetadata', 'MultiSelectPicklistType'],
  State: ['StateAttributeMetadata', 'StateType'],
  Status: ['StatusAttributeMetadata', 'StatusType'],
  Lookup: ['LookupAttributeMetadata', 'LookupType'],
  Customer: ['LookupAttributeMetadata', 'CustomerType'],
  Owner: ['LookupAttributeMetadata', 'OwnerType'],
  EntityName: ['EntityNameAttributeMetadata', 'EntityNameType'],
  PartyList: ['LookupAttributeMetadata', 'PartyListType'],
  Image: ['ImageAttributeMetadata', 'ImageType'],
  File: ['FileAttributeMetadata', 'FileType'],
};

export const metadataTypeOf = (c: ColumnDef): string => TYPE_NAMES[c.type][0];

export const ALL_METADATA_TYPES = new Set(Object.values(TYPE_NAMES).map(([t]) => t));

export function label(text: string | null, managed: boolean, seed: string): Obj {
  if (!text) return { LocalizedLabels: [], UserLocalizedLabel: null };
  const l = { Label: text, LanguageCode: 1033, IsManaged: managed, MetadataId: stableGuid(`label:${seed}`), HasChanged: null };
  return { LocalizedLabels: [l], UserLocalizedLabel: { ...l } };
}

const managedProperty = (value: unknown, canBeChanged: boolean, name: string): Obj => ({
  Value: value,
  CanBeChanged: canBeChanged,
  ManagedPropertyLogicalName: name,
});

/** Properties every AttributeMetadata has, in Dataverse's order. */
export const BASE_ATTRIBUTE_PROPERTIES = [
  'MetadataId', 'HasChanged', 'AttributeOf', 'AttributeType', 'ColumnNumber', 'DeprecatedVersion', 'IntroducedVersion',
  'EntityLogicalName', 'IsCustomAttribute', 'IsPrimaryId', 'IsValidODataAttribute', 'IsPrimaryName', 'IsValidForCreate',
  'IsValidForRead', 'IsValidForUpdate', 'CanBeSecuredForRead', 'CanBeSecuredForCreate', 'CanBeSecuredForUpdate',
  'IsSecured', 'IsRetrievable', 'IsFilterable', 'IsSearchable', 'IsManaged', 'LinkedAttributeId', 'LogicalName',
  'IsValidForForm', 'IsRequiredForForm', 'IsValidForGrid', 'SchemaName', 'ExternalName', 'IsLogical',
  'IsDataSourceSecret', 'InheritsFrom', 'CreatedOn', 'ModifiedOn', 'SourceType', 'AutoNumberFormat', 'AttributeTypeName',
  'Description', 'DisplayName', 'IsAuditEnabled', 'IsGlobalFilterEnabled', 'IsSortableEnabled', 'IsCustomizable',
  'IsRenameable', 'IsValidForAdvancedFind', 'RequiredLevel', 'CanModifyAdditionalSettings', 'Settings',
];

export function attributeMetadata(table: TableDef, c: ColumnDef, columnNumber: number): Obj {
  const [, typeName] = TYPE_NAMES[c.type];
  const managed = !c.isCustom;
  const created = c.isCustom ? '2024-03-12T09:41:27Z' : '1900-01-01T00:00:00Z';
  const id = stableGuid(`attribute:${table.logicalName}.${c.logicalName}`);
  const base: Obj = {
    MetadataId: id,
    HasChanged: null,
    AttributeOf: null,
    AttributeType: c.type,
    ColumnNumber: columnNumber,
    DeprecatedVersion: null,
    IntroducedVersion: c.isCustom ? '1.0.0.0' : '5.0.0.0',
    EntityLogicalName: table.logicalName,
    IsCustomAttribute: c.isCustom,
    IsPrimaryId: c.logicalName === table.primaryIdAttribute,
    IsValidODataAttribute: c.webApi !== false,
    IsPrimaryName: c.logicalName === table.primaryNameAttribute,
    IsValidForCreate: c.validForCreate,
    IsValidForRead: c.validForRead !== false,
    IsValidForUpdate: c.validForUpdate,
    CanBeSecuredForRead: c.isCustom,
    CanBeSecuredForCreate: c.isCustom,
    CanBeSecuredForUpdate: c.isCustom,
    IsSecured: false,
    IsRetrievable: true,
    IsFilterable: true,
    IsSearchable: c.type === 'String',
    IsManaged: managed,
    LinkedAttributeId: null,
    LogicalName: c.logicalName,
    IsValidForForm: true,
    IsRequiredForForm: c.requiredLevel === 'SystemRequired',
    IsValidForGrid: true,
    SchemaName: c.schemaName,
    ExternalName: null,
    IsLogical: c.computed === true && c.logicalName !== 'versionnumber',
    IsDataSourceSecret: false,
    InheritsFrom: null,
    CreatedOn: created,
    ModifiedOn: created,
    SourceType: c.computed ? 1 : 0,
    AutoNumberFormat: null,
    AttributeTypeName: { Value: typeName },
    Description: label(c.displayName, managed, `${table.logicalName}.${c.logicalName}.description`),
    DisplayName: label(c.displayName, managed, `${table.logicalName}.${c.logicalName}.display`),
    IsAuditEnabled: managedProperty(true, true, 'canmodifyauditsettings'),
    IsGlobalFilterEnabled: managedProperty(false, true, 'canmodifyglobalfiltersettings'),
    IsSortableEnabled: managedProperty(false, true, 'canmodifyissortablesettings'),
    IsCustomizable: managedProperty(true, !managed, 'iscustomizable'),
    IsRenameable: managedProperty(true, !managed, 'isrenameable'),
    IsValidForAdvancedFind: managedProperty(true, true, 'canmodifysearchsettings'),
    RequiredLevel: managedProperty(c.requiredLevel, c.requiredLevel !== 'SystemRequired', 'canmodifyrequirementlevelsettings'),
    CanModifyAdditionalSettings: managedProperty(true, true, 'canmodifyadditionalsettings'),
    Settings: [],
  };
  // Type-specific properties sit after AutoNumberFormat, before AttributeTypeName (see the boolean sample).
  const out: Obj = {};
  for (const [k, v] of Object.entries(base)) {
    if (k === 'AttributeTypeName') Object.assign(out, typeSpecific(table, c));
    out[k] = v;
  }
  return out;
}

function typeSpecific(table: TableDef, c: ColumnDef): Obj {
  switch (c.type) {
    case 'String': {
      const format = c.format ?? (c.logicalName.includes('email') ? 'Email' : c.logicalName.includes('url') ? 'Url' : 'Text');
      return { Format: format === 'Email' || format === 'Url' || format === 'Phone' ? format : 'Text', FormatName: { Value: format }, ImeMode: 'Auto', MaxLength: c.maxLength, YomiOf: null, IsLocalizable: false, DatabaseLength: (c.maxLength ?? 0) * 2 };
    }
    case 'Memo':
      return { Format: 'TextArea', FormatName: { Value: c.format ?? 'TextArea' }, ImeMode: 'Auto', MaxLength: c.maxLength, IsLocalizable: false };
    case 'Integer':
      return { Format: 'None', MaxValue: c.maxValue ?? 2147483647, MinValue: c.minValue ?? -2147483648, FormulaDefinition: null, SourceTypeMask: 0 };
    case 'BigInt':
      return { MaxValue: c.maxValue ?? Number.MAX_SAFE_INTEGER, MinValue: c.minValue ?? Number.MIN_SAFE_INTEGER };
    case 'Decimal':
      return { MaxValue: c.maxValue ?? 100000000000, MinValue: c.minValue ?? -100000000000, Precision: c.precision ?? 2, ImeMode: 'Auto', FormulaDefinition: null, SourceTypeMask: 0 };
    case 'Double':
      return { ImeMode: 'Auto', MaxValue: c.maxValue ?? 100000000000, MinValue: c.minValue ?? -100000000000, Precision: c.precision ?? 2, FormulaDefinition: null, SourceTypeMask: 0 };
    case 'Money':
      return { ImeMode: 'Auto', MaxValue: c.maxValue ?? 922337203685477, MinValue: c.minValue ?? -922337203685477, Precision: c.precision ?? 2, PrecisionSource: 2, CalculationOf: null, FormulaDefinition: null, SourceTypeMask: 0, IsBaseCurrency: c.logicalName.endsWith('_base') };
    case 'Boolean':
      return { DefaultValue: c.defaultValue ?? false, FormulaDefinition: '', SourceTypeMask: 0 };
    case 'DateTime':
      return {
        Format: c.dateOnly || c.format === 'DateOnly' ? 'DateOnly' : 'DateAndTime',
        ImeMode: 'Auto',
        DateTimeBehavior: { Value: c.dateOnly ? 'DateOnly' : 'UserLocal' },
        CanChangeDateTimeBehavior: managedProperty(c.isCustom, false, 'canchangedatetimebehavior'),
        MinSupportedValue: '1753-01-01T00:00:00Z',
        MaxSupportedValue: '9999-12-30T23:59:59Z',
        FormulaDefinition: null,
        SourceTypeMask: 0,
      };
    case 'Picklist':
    case 'MultiSelectPicklist':
      return { DefaultFormValue: -1, FormulaDefinition: null, SourceTypeMask: 0, ParentPicklistLogicalName: null, ChildPicklistLogicalNames: [] };
    case 'State':
    case 'Status':
      return { DefaultFormValue: c.type === 'State' ? 0 : 1 };
    case 'Lookup':
    case 'Customer':
    case 'Owner':
    case 'PartyList':
      return { Targets: c.targets ?? [], Format: 'None' };
    case 'Image':
      return { IsPrimaryImage: c.logicalName === 'entityimage', MaxHeight: 144, MaxWidth: 144, MaxSizeInKB: 10240 };
    case 'EntityName':
      return { IsEntityReferenceStored: true };
    default:
      return {};
  }
}

/** The option set of a choice, state, status or boolean column (what `$expand=OptionSet` returns). */
export function optionSetMetadata(table: TableDef, c: ColumnDef): Obj {
  const managed = !c.isCustom;
  const option = (value: number, text: string, extra: Obj = {}): Obj => ({
    Value: value,
    Color: null,
    IsManaged: managed,
    ExternalValue: null,
    ParentValues: [],
    Tag: null,
    IsHidden: false,
    MetadataId: null,
    HasChanged: null,
    ...extra,
    Label: label(text, managed, `${table.logicalName}.${c.logicalName}.${value}`),
    Description: label(null, managed, ''),
  });
  const common: Obj = {
    MetadataId: stableGuid(`optionset:${table.logicalName}.${c.logicalName}`),
    HasChanged: null,
    IsCustomOptionSet: c.isCustom,
    IsGlobal: false,
    IsManaged: managed,
    Name: `${table.logicalName}_${c.logicalName}`,
    ExternalTypeName: null,
    OptionSetType: c.type === 'Boolean' ? 'Boolean' : c.type === 'MultiSelectPicklist' ? 'Picklist' : c.type,
    IntroducedVersion: '5.0.0.0',
    Description: label(null, managed, ''),
    DisplayName: label(c.displayName, managed, `${table.logicalName}.${c.logicalName}.optionset`),
    IsCustomizable: managedProperty(true, !managed, 'iscustomizable'),
  };
  if (c.type === 'Boolean') {
    const [no, yes] = c.booleanLabels ?? ['No', 'Yes'];
    return { ...common, TrueOption: option(1, yes), FalseOption: option(0, no) };
  }
  const options = (c.options ?? []).map((o) => {
    if (c.type === 'Status') return option(o.value, o.label, { State: o.state ?? 0 });
    if (c.type === 'State') return option(o.value, o.label, { DefaultStatus: o.defaultStatus ?? o.value + 1, InvariantName: o.label });
    return option(o.value, o.label);
  });
  return { ...common, Options: options };
}

export function entityMetadata(table: TableDef): Obj {
  const managed = !table.isCustomEntity;
  return {
    MetadataId: table.metadataId,
    HasChanged: null,
    LogicalName: table.logicalName,
    SchemaName: table.schemaName,
    EntitySetName: table.entitySetName,
    LogicalCollectionName: table.entitySetName,
    CollectionSchemaName: `${table.schemaName}s`,
    ObjectTypeCode: table.objectTypeCode,
    PrimaryIdAttribute: table.primaryIdAttribute,
    PrimaryNameAttribute: table.primaryNameAttribute,
    PrimaryImageAttribute: null,
    OwnershipType: table.ownershipType === 'None' ? 'None' : `${table.ownershipType}`,
    IsActivity: table.isActivity && table.logicalName !== 'activitypointer',
    IsActivityParty: ['account', 'contact', 'lead', 'systemuser'].includes(table.logicalName),
    IsCustomEntity: table.isCustomEntity,
    IsManaged: managed,
    IsIntersect: false,
    IsValidODataEntity: true,
    IsKnowledgeManagementEnabled: false,
    ChangeTrackingEnabled: table.changeTracking === true,
    HasNotes: ['account', 'contact', 'lead', 'opportunity'].includes(table.logicalName),
    HasActivities: ['account', 'contact', 'lead', 'opportunity'].includes(table.logicalName),
    IntroducedVersion: '5.0.0.0',
    DisplayName: label(table.displayName, managed, `${table.logicalName}.display`),
    DisplayCollectionName: label(table.displayCollectionName, managed, `${table.logicalName}.collection`),
    Description: label(table.displayName, managed, `${table.logicalName}.description`),
    IsValidForAdvancedFind: true,
    IsCustomizable: managedProperty(true, true, 'iscustomizable'),
    CanCreateAttributes: managedProperty(true, false, 'cancreateattributes'),
  };
}

/**
 * A OneToManyRelationshipMetadata (the shape of both `ManyToOneRelationships` and `OneToManyRelationships` items).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/onetomanyrelationshipmetadata
 */
export function relationshipMetadata(
  schemaName: string,
  referencedEntity: string,
  referencedAttribute: string,
  referencingEntity: string,
  referencingAttribute: string,
  referencedNav: string,
  referencingNav: string,
): Obj {
  const custom = referencingAttribute.includes('_') && !referencingAttribute.startsWith('address');
  return {
    MetadataId: stableGuid(`relationship:${referencingEntity}.${referencingAttribute}.${referencedEntity}`),
    HasChanged: null,
    SchemaName: schemaName,
    SecurityTypes: 'Append',
    IsCustomRelationship: custom,
    IsValidForAdvancedFind: true,
    IsManaged: !custom,
    RelationshipType: 'OneToManyRelationship',
    IntroducedVersion: '5.0.0.0',
    ReferencedAttribute: referencedAttribute,
    ReferencedEntity: referencedEntity,
    ReferencingAttribute: referencingAttribute,
    ReferencingEntity: referencingEntity,
    IsHierarchical: false,
    EntityKey: null,
    IsRelationshipAttributeDenormalized: false,
    ReferencedEntityNavigationPropertyName: referencedNav,
    ReferencingEntityNavigationPropertyName: referencingNav,
    RelationshipBehavior: 0,
    IsDenormalizedLookup: null,
    DenormalizedAttributeName: null,
  };
}
