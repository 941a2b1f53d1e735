import { DataverseError } from '../dataverse/errors/dataverse-error';
import { ServiceProtection } from './service-protection';

const refusal = (fn: () => void): DataverseError => {
  try {
    fn();
  } catch (e) {
    return e as DataverseError;
  }
  throw new Error('expected a 429');
};

describe('service protection', () => {
  it('slides the request window: requests age out after window_seconds', () => {
    const p = new ServiceProtection({ requestsPerWindow: 2, windowSeconds: 10, executionMsPerWindow: 1e9, concurrentRequests: 10 });
    p.admit('u', 0);
    p.finish('u', 0, 1);
    p.admit('u', 4000);
    p.finish('u', 4000, 4001);
    const err = refusal(() => p.admit('u', 5000));
    expect(err.status).toBe(429);
    expect(err.headers['Retry-After']).toBe('5');
    expect(() => p.admit('u', 10_001)).not.toThrow();
  });

  it('counts execution time and concurrency per user', () => {
    const p = new ServiceProtection({ requestsPerWindow: 100, windowSeconds: 300, executionMsPerWindow: 1000, concurrentRequests: 1 });
    p.admit('a', 0);
    expect(refusal(() => p.admit('a', 1)).code).toBe('0x80072326');
    expect(() => p.admit('b', 1)).not.toThrow();
    p.finish('a', 0, 1500);
    expect(refusal(() => p.admit('a', 1600)).code).toBe('0x80072321');
    expect(p.headers('a', 1600)).toEqual({
      'x-ms-ratelimit-burst-remaining-xrm-requests': '99',
      'x-ms-ratelimit-time-remaining-xrm-requests': '0.00',
    });
  });
});
