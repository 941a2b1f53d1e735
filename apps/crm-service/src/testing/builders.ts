import { AttributeInfo, DataverseRow, EntityAttributes } from '@dua/dataverse-client';

/** An attribute as the metadata reader produces it; only what a test cares about needs saying. */
export function attribute(logicalName: string, overrides: Partial<AttributeInfo> = {}): AttributeInfo {
  return {
    logicalName,
    schemaName: logicalName,
    attributeType: 'String',
    attributeTypeName: null,
    displayName: logicalName,
    description: null,
    isCustom: false,
    isPrimaryId: false,
    isPrimaryName: false,
    isValidForRead: true,
    isValidForCreate: true,
    isValidForUpdate: true,
    requiredLevel: 'None',
    attributeOf: null,
    maxLength: null,
    minValue: null,
    maxValue: null,
    dateFormat: null,
    options: [],
    targets: [],
    raw: { LogicalName: logicalName },
    ...overrides,
  };
}

/** The custom columns the emulator gives contacts (`new_…` and a `cr…` publisher prefix). */
export function contactCustomAttributes(): AttributeInfo[] {
  return [
    attribute('creb7_externalref', { isCustom: true, maxLength: 100 }),
    attribute('new_preferredchannel', { isCustom: true, attributeType: 'Picklist', options: [{ value: 100000000, label: 'Email' }] }),
    attribute('new_lifetimevalue', { isCustom: true, attributeType: 'Money' }),
    attribute('creb7_nextreviewdate', { isCustom: true, attributeType: 'DateTime', dateFormat: 'DateOnly' }),
    attribute('new_isvip', { isCustom: true, attributeType: 'Boolean' }),
    attribute('new_referredbyid', { isCustom: true, attributeType: 'Lookup', targets: ['contact'] }),
  ];
}

/** Metadata naming every column of the given rows (custom ones as given), as an org that has them all. */
export function attributesOf(entity: string, rows: DataverseRow[], custom: AttributeInfo[] = []): EntityAttributes {
  const customNames = new Set(custom.map((info) => info.logicalName));
  const names = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (key.includes('@')) continue;
      const lookup = /^_(.+)_value$/.exec(key);
      names.add(lookup ? lookup[1] : key);
    }
  }
  const standard = [...names].filter((name) => !customNames.has(name)).map((name) => attribute(name));
  return new EntityAttributes(entity, [...standard, ...custom]);
}

/** A recorded row with changes: `null` clears a column, annotations follow their column. */
export function withColumns<Row extends DataverseRow>(row: Row, changes: DataverseRow): Row {
  return { ...row, ...changes };
}
