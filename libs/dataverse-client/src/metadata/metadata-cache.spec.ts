import type { DataverseClient } from '../client/dataverse-client';
import { EntityAttributes } from './attribute-metadata';
import { AttributeMetadataCache } from './metadata-cache';

const client = { webApiUrl: 'https://contoso.crm.dynamics.com/api/data/v9.2/' } as DataverseClient;
const other = { webApiUrl: 'https://fabrikam.crm.dynamics.com/api/data/v9.2/' } as DataverseClient;

function counting(failFirst = false) {
  const fetched: string[] = [];
  const fetch = async (target: DataverseClient, entity: string): Promise<EntityAttributes> => {
    fetched.push(`${target.webApiUrl}|${entity}`);
    if (failFirst && fetched.length === 1) throw new Error('throttled');
    return new EntityAttributes(entity, []);
  };
  return { fetched, fetch };
}

describe('AttributeMetadataCache', () => {
  it('reads a table of an environment once per TTL, sharing concurrent misses', async () => {
    let now = 0;
    const { fetched, fetch } = counting();
    const cache = new AttributeMetadataCache({ ttlMs: 1000, now: () => now }, fetch);
    await Promise.all([cache.get(client, 'contact'), cache.get(client, 'contact'), cache.get(client, 'account'), cache.get(other, 'contact')]);
    now = 999;
    await cache.get(client, 'contact');
    expect(fetched).toHaveLength(3);
    now = 1000;
    await cache.get(client, 'contact');
    expect(fetched).toHaveLength(4);
  });

  it('does not keep a failed read', async () => {
    const { fetched, fetch } = counting(true);
    const cache = new AttributeMetadataCache({}, fetch);
    await expect(cache.get(client, 'contact')).rejects.toThrow('throttled');
    await expect(cache.get(client, 'contact')).resolves.toBeInstanceOf(EntityAttributes);
    expect(fetched).toHaveLength(2);
  });

  it('forgets an environment on invalidate', async () => {
    const { fetched, fetch } = counting();
    const cache = new AttributeMetadataCache({}, fetch);
    await cache.get(client, 'contact');
    await cache.get(other, 'contact');
    cache.invalidate(client.webApiUrl);
    await cache.get(client, 'contact');
    await cache.get(other, 'contact');
    expect(fetched).toHaveLength(3);
  });
});
