import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type TargetMetadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type GroupedMetadatas = ReturnType<MetadataStorage['groupByPropertyName']>;

const INSTALLED = Symbol.for('dua.validationMetadataCache');

/**
 * Caches class-validator's per-class metadata lookups. For every object it validates (each nested one too),
 * class-validator collects the class's rules by testing the class against every class that has rules (`instanceof`
 * each, then filters and concatenates), and regroups them by property: with this contract's DTOs that costs more
 * than the checks themselves (a 1000-operation bulk write validates thousands of objects). The rules are the
 * decorators' and fixed once the DTO modules are loaded, so the answers are kept per class and options; any rule
 * added later (a module loaded late) drops the cache. The decorators stay the one source of truth.
 */
export function cacheValidationMetadataLookups(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  let lookups = new Map<unknown, Map<string, TargetMetadatas>>();
  let groupings = new WeakMap<TargetMetadatas, GroupedMetadatas>();
  const forget = () => {
    lookups = new Map();
    groupings = new WeakMap();
  };

  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let ofTarget = lookups.get(target);
    if (!ofTarget) lookups.set(target, (ofTarget = new Map()));
    let found = ofTarget.get(options);
    if (!found) ofTarget.set(options, (found = Object.freeze(lookUp(target, schema, always, strictGroups, groups)) as TargetMetadatas));
    return found;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groupings.get(metadatas);
    if (!grouped) groupings.set(metadatas, (grouped = group(metadatas)));
    return grouped;
  };

  for (const adder of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[adder] as (...args: unknown[]) => void).bind(storage);
    (storage as unknown as Record<string, (...args: unknown[]) => void>)[adder] = (...args) => {
      forget();
      add(...args);
    };
  }
}
