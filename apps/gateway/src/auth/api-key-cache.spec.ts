import { ApiKeyCache } from './api-key-cache';

describe('ApiKeyCache', () => {
  it('forgets an identity once its TTL has passed', () => {
    let now = 1000;
    const cache = new ApiKeyCache<string>(500, 10, () => now);
    cache.set('hash', 'env-1');
    now = 1499;
    expect(cache.get('hash')).toBe('env-1');
    now = 1500;
    expect(cache.get('hash')).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new ApiKeyCache<string>(60_000, 2);
    cache.set('a', '1');
    cache.set('b', '2');
    cache.set('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, '2', '3']);
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new ApiKeyCache<string>(0);
    cache.set('a', '1');
    expect(cache.get('a')).toBeUndefined();
  });
});
