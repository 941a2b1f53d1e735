import { CallContextSigner } from './call-context-signer';

describe('CallContextSigner', () => {
  const signer = new CallContextSigner('k'.repeat(32));
  const now = 1_700_000_000_000;

  it('accepts a context it signed, within its age', () => {
    const signed = signer.sign({ request_id: 'r1', environment_id: 'env-a' }, now);
    expect(signer.verify(signed, 60_000, now + 59_000)).toBe(true);
  });

  it('refuses another environment, another request id, an old or a future context, and another key', () => {
    const signed = signer.sign({ request_id: 'r1', environment_id: 'env-a' }, now);
    expect(signer.verify({ ...signed, environment_id: 'env-b' }, 60_000, now)).toBe(false);
    expect(signer.verify({ ...signed, request_id: 'r2' }, 60_000, now)).toBe(false);
    expect(signer.verify(signed, 60_000, now + 61_000)).toBe(false);
    expect(signer.verify(signed, 60_000, now - 10_000)).toBe(false);
    expect(new CallContextSigner('x'.repeat(32)).verify(signed, 60_000, now)).toBe(false);
  });

  it('refuses an unsigned context and leaves a context without environment unsigned', () => {
    expect(signer.verify({ request_id: 'r1', environment_id: 'env-a' }, 60_000, now)).toBe(false);
    expect(signer.sign({ request_id: 'r1' }, now)).toEqual({ request_id: 'r1' });
  });
});
