import { AttributeInfo, EntityAttributes, isGuid, isLookupType } from '@dua/dataverse-client';
import { WritePlan } from './write-plan';

export type WriteMode = 'create' | 'update';

/** Dataverse accepts at most 150 selected options in a multi-select choice. https://learn.microsoft.com/power-apps/developer/data-platform/multi-select-picklist */
const MAX_SELECTED_OPTIONS = 150;

/**
 * `custom_fields` into the plan, checked against the org's metadata before anything is sent: the key must be a
 * custom column of the table that can be written in this mode, and the value must fit its type, length, range,
 * options or lookup targets. Every bad key is named; nothing is dropped silently.
 */
export function writeCustomFields(plan: WritePlan, input: Record<string, unknown> | null | undefined, attributes: EntityAttributes, mode: WriteMode): void {
  if (input === undefined || input === null) return;
  const custom = new Map(attributes.custom.map((attribute) => [attribute.logicalName, attribute]));
  for (const [key, value] of Object.entries(input)) {
    const field = `custom_fields.${key}`;
    const attribute = custom.get(key);
    if (!attribute) {
      plan.refuse(field, `${key} is not a custom field of ${attributes.entity}`);
      continue;
    }
    if (mode === 'create' ? !attribute.isValidForCreate : !attribute.isValidForUpdate) {
      plan.refuse(field, `${key} cannot be written on ${mode}`);
      continue;
    }
    const problem = writeCustomValue(plan, field, attribute, value);
    if (problem) plan.refuse(field, problem);
  }
}

/** Adds one value to the plan, or says what is wrong with it. */
function writeCustomValue(plan: WritePlan, field: string, attribute: AttributeInfo, value: unknown): string | undefined {
  const column = attribute.logicalName;
  if (isLookupType(attribute.attributeType)) return writeCustomLookup(plan, field, attribute, value);
  if (value === null) {
    plan.column(column, null);
    return undefined;
  }
  if (attribute.attributeTypeName === 'MultiSelectPicklistType') {
    if (!Array.isArray(value)) return 'must be a list of option values';
    if (value.length > MAX_SELECTED_OPTIONS) return `at most ${MAX_SELECTED_OPTIONS} options`;
    const values: number[] = [];
    for (const item of value) {
      const option = optionValueOf(item);
      if (option === undefined || !attribute.options.some((candidate) => candidate.value === option)) return `${JSON.stringify(item)} is not one of its options (${optionList(attribute)})`;
      if (!values.includes(option)) values.push(option);
    }
    // Multi-select choices are written as their values separated by commas.
    plan.column(column, values.length ? values.join(',') : null);
    return undefined;
  }
  switch (attribute.attributeType) {
    case 'String':
    case 'Memo':
      if (typeof value !== 'string') return 'must be a string';
      if (attribute.maxLength !== null && value.length > attribute.maxLength) return `must be at most ${attribute.maxLength} characters`;
      plan.column(column, value);
      return undefined;
    case 'Integer':
    case 'BigInt':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'must be an integer';
      return writeNumber(plan, attribute, value);
    case 'Decimal':
    case 'Double':
    case 'Money':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return writeNumber(plan, attribute, value);
    case 'Boolean':
      if (typeof value !== 'boolean') return 'must be true or false';
      plan.column(column, value);
      return undefined;
    case 'DateTime':
      return writeDate(plan, attribute, value);
    case 'Picklist':
    case 'State':
    case 'Status': {
      const option = optionValueOf(value);
      if (option === undefined) return 'must be an option value or {value}';
      if (!attribute.options.some((candidate) => candidate.value === option)) return `${option} is not one of its options (${optionList(attribute)})`;
      plan.column(column, option);
      return undefined;
    }
    default:
      return `a ${attribute.attributeType} column cannot be written`;
  }
}

function writeNumber(plan: WritePlan, attribute: AttributeInfo, value: number): string | undefined {
  if (attribute.minValue !== null && value < attribute.minValue) return `must be at least ${attribute.minValue}`;
  if (attribute.maxValue !== null && value > attribute.maxValue) return `must be at most ${attribute.maxValue}`;
  plan.column(attribute.logicalName, value);
  return undefined;
}

function writeDate(plan: WritePlan, attribute: AttributeInfo, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be an ISO 8601 date';
  if (attribute.dateFormat === 'DateOnly') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return 'must be a date (YYYY-MM-DD)';
  } else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    return 'must be an ISO 8601 date and time with an offset';
  }
  plan.column(attribute.logicalName, value);
  return undefined;
}

/** A lookup as `{id, type?}`; `type` may be left out when the lookup has one target. */
function writeCustomLookup(plan: WritePlan, field: string, attribute: AttributeInfo, value: unknown): string | undefined {
  if (value === null) {
    plan.lookup({ field, lookup: attribute.logicalName, target: attribute.targets[0] ?? '', id: null });
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return 'must be {id, type?}';
  const { id, type, ...rest } = value as { id?: unknown; type?: unknown };
  if (Object.keys(rest).length) return `unknown members: ${Object.keys(rest).join(', ')}`;
  if (typeof id !== 'string' || !isGuid(id)) return 'id must be a UUID';
  const target = type ?? (attribute.targets.length === 1 ? attribute.targets[0] : undefined);
  if (typeof target !== 'string' || !attribute.targets.includes(target)) return `type must be one of ${attribute.targets.join(', ')}`;
  plan.lookup({ field, lookup: attribute.logicalName, target, id });
  return undefined;
}

function optionValueOf(value: unknown): number | undefined {
  const raw = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { value?: unknown }).value : value;
  return typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined;
}

function optionList(attribute: AttributeInfo): string {
  return attribute.options.map((option) => String(option.value)).join(', ');
}
