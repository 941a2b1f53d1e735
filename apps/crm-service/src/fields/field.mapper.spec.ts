import { CrmEntity } from '@dua/unified-models';
import { attribute } from '../testing/builders';
import { isDescribedAttribute, mapField } from './field.mapper';

describe('mapField', () => {
  it('maps a custom choice with its options', () => {
    const channel = attribute('new_preferredchannel', { isCustom: true, attributeType: 'Picklist', displayName: 'Preferred Channel', options: [{ value: 100000000, label: 'Email' }] });
    expect(mapField(CrmEntity.CONTACT, channel)).toEqual({
      id: 'contact.new_preferredchannel',
      entity: 'contact',
      name: 'new_preferredchannel',
      label: 'Preferred Channel',
      description: null,
      type: 'enum',
      is_custom: true,
      is_required: false,
      is_creatable: true,
      is_updatable: true,
      max_length: null,
      options: [{ value: 100000000, label: 'Email' }],
      references: [],
    });
  });

  it.each([
    [{ attributeType: 'String', maxLength: 50 }, 'string'],
    [{ attributeType: 'Memo' }, 'text'],
    [{ attributeType: 'Integer' }, 'integer'],
    [{ attributeType: 'BigInt' }, 'integer'],
    [{ attributeType: 'Decimal' }, 'decimal'],
    [{ attributeType: 'Double' }, 'decimal'],
    [{ attributeType: 'Money' }, 'currency'],
    [{ attributeType: 'Boolean' }, 'boolean'],
    [{ attributeType: 'DateTime', dateFormat: 'DateOnly' }, 'date'],
    [{ attributeType: 'DateTime', dateFormat: 'DateAndTime' }, 'datetime'],
    [{ attributeType: 'Status' }, 'enum'],
    [{ attributeType: 'Virtual', attributeTypeName: 'MultiSelectPicklistType' }, 'multi_enum'],
    [{ attributeType: 'Customer', targets: ['account', 'contact'] }, 'reference'],
    [{ attributeType: 'Uniqueidentifier' }, 'uuid'],
    [{ attributeType: 'EntityName' }, 'other'],
  ])('maps %o to %s', (overrides, type) => {
    expect(mapField(CrmEntity.ACCOUNT, attribute('x', overrides)).type).toBe(type);
  });

  it('lists the targets of a polymorphic lookup and treats application-required columns as required', () => {
    const parent = attribute('parentcustomerid', { attributeType: 'Customer', targets: ['account', 'contact'], requiredLevel: 'ApplicationRequired' });
    expect(mapField(CrmEntity.CONTACT, parent)).toMatchObject({ type: 'reference', references: ['account', 'contact'], is_required: true, options: [] });
  });

  it('does not describe shadow columns (a lookup name) or unreadable ones', () => {
    expect(isDescribedAttribute(attribute('parentcustomeridname', { attributeOf: 'parentcustomerid' }))).toBe(false);
    expect(isDescribedAttribute(attribute('secret', { isValidForRead: false }))).toBe(false);
    expect(isDescribedAttribute(attribute('name'))).toBe(true);
  });
});
