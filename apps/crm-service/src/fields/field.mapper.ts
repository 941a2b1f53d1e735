import { AttributeInfo } from '@dua/dataverse-client';
import { CrmEntity, FieldDto, FieldType } from '@dua/unified-models';

/** The Dataverse table behind each entity of the Unified CRM API. */
export const ENTITY_TABLES: Readonly<Record<CrmEntity, string>> = {
  [CrmEntity.ACCOUNT]: 'account',
  [CrmEntity.CONTACT]: 'contact',
  [CrmEntity.LEAD]: 'lead',
  [CrmEntity.OPPORTUNITY]: 'opportunity',
  [CrmEntity.ENGAGEMENT]: 'activitypointer',
  [CrmEntity.NOTE]: 'annotation',
};

/** Dataverse `AttributeType` → unified field type; `DateTime` and `Virtual` need a closer look (see fieldTypeOf). */
const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  String: FieldType.STRING,
  Memo: FieldType.TEXT,
  Integer: FieldType.INTEGER,
  BigInt: FieldType.INTEGER,
  Decimal: FieldType.DECIMAL,
  Double: FieldType.DECIMAL,
  Money: FieldType.CURRENCY,
  Boolean: FieldType.BOOLEAN,
  Picklist: FieldType.ENUM,
  State: FieldType.ENUM,
  Status: FieldType.ENUM,
  Lookup: FieldType.REFERENCE,
  Customer: FieldType.REFERENCE,
  Owner: FieldType.REFERENCE,
  Uniqueidentifier: FieldType.UUID,
};

export function fieldTypeOf(attribute: AttributeInfo): FieldType {
  if (attribute.attributeType === 'DateTime') return attribute.dateFormat === 'DateOnly' ? FieldType.DATE : FieldType.DATETIME;
  if (attribute.attributeTypeName === 'MultiSelectPicklistType') return FieldType.MULTI_ENUM;
  return FIELD_TYPES[attribute.attributeType] ?? FieldType.OTHER;
}

/** Columns worth describing: readable, and not a shadow of another column (a lookup's name, a choice's label). */
export function isDescribedAttribute(attribute: AttributeInfo): boolean {
  return attribute.isValidForRead && attribute.attributeOf === null;
}

export function mapField(entity: CrmEntity, attribute: AttributeInfo, includeRemoteData = false): FieldDto {
  const type = fieldTypeOf(attribute);
  const field: FieldDto = {
    id: `${entity}.${attribute.logicalName}`,
    entity,
    name: attribute.logicalName,
    label: attribute.displayName,
    description: attribute.description,
    type,
    is_custom: attribute.isCustom,
    is_required: attribute.requiredLevel === 'SystemRequired' || attribute.requiredLevel === 'ApplicationRequired',
    is_creatable: attribute.isValidForCreate,
    is_updatable: attribute.isValidForUpdate,
    max_length: attribute.maxLength,
    options: type === FieldType.ENUM || type === FieldType.MULTI_ENUM || type === FieldType.BOOLEAN ? attribute.options.map(({ value, label }) => ({ value, label })) : [],
    references: type === FieldType.REFERENCE ? [...attribute.targets] : [],
  };
  if (includeRemoteData) field.remote_data = attribute.raw;
  return field;
}
