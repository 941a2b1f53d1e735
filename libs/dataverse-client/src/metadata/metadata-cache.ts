import type { DataverseClient } from '../client/dataverse-client';
import { EntityAttributes, fetchEntityAttributes } from './attribute-metadata';
import { fetchLookupNavigations, LookupNavigations } from './relationship-metadata';

export interface MetadataCacheOptions {
  /** How long a table's metadata is trusted (default 5 minutes): customizations show up after this. */
  ttlMs?: number;
  /** Tables kept at most (oldest dropped first). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry<Value> {
  expiresAt: number;
  value: Promise<Value>;
}

/**
 * Metadata per (environment, table), shared by every request of the process. Concurrent misses share one fetch; a
 * failed fetch is not cached.
 */
export class EntityMetadataCache<Value> {
  private readonly entries = new Map<string, Entry<Value>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MetadataCacheOptions, private readonly fetch: (client: DataverseClient, entity: string) => Promise<Value>) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** `environmentKey` names the Dataverse environment (its Web API URL), so accounts on one org share metadata. */
  get(client: DataverseClient, entity: string, environmentKey = client.webApiUrl): Promise<Value> {
    const key = `${environmentKey}|${entity}`;
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const value = this.fetch(client, entity);
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: this.now() + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Forgets an environment's metadata (e.g. after a schema change was detected). */
  invalidate(environmentKey: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${environmentKey}|`)) this.entries.delete(key);
  }
}

/** The columns of each table (custom columns, option sets, lengths, lookup targets). */
export class AttributeMetadataCache extends EntityMetadataCache<EntityAttributes> {
  constructor(options: MetadataCacheOptions = {}, fetch = fetchEntityAttributes) {
    super(options, fetch);
  }
}

/** The navigation properties of each table's lookups and the entity sets of their targets (what writes bind). */
export class LookupNavigationCache extends EntityMetadataCache<LookupNavigations> {
  constructor(options: MetadataCacheOptions = {}, fetch = fetchLookupNavigations) {
    super(options, fetch);
  }
}
