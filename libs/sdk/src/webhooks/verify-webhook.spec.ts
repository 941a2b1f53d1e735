import { createHmac, randomBytes } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from './verify-webhook';

/** An independent signer, written from the specification's text (not from our delivery code). */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.split('_')[1], 'base64');
  return 'v1,' + createHmac('sha256', key).update(id + '.' + timestamp + '.' + body).digest('base64');
}

describe('verifyWebhook', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const body = JSON.stringify({ type: 'record.deleted', timestamp: '2026-01-01T00:00:00.000Z', data: { integrated_account_id: 'a', resource: 'contacts', id: 'c' } });
  const now = new Date('2026-01-01T00:00:10Z');
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = (overrides: Record<string, string> = {}) => ({
    'webhook-id': 'evt-1',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, 'evt-1', timestamp, body),
    ...overrides,
  });

  it('accepts a delivery signed per the spec and returns its id and payload', () => {
    expect(verifyWebhook(secret, headers(), body, now)).toEqual({ id: 'evt-1', timestamp, payload: JSON.parse(body) });
  });

  it('accepts any of several space-separated signatures (secret rotation) and a Fetch Headers object', () => {
    const rotated = `v1,${Buffer.alloc(32).toString('base64')} ${sign(secret, 'evt-1', timestamp, body)}`;
    expect(verifyWebhook(secret, new Headers(headers({ 'webhook-signature': rotated })), Buffer.from(body), now).id).toBe('evt-1');
  });

  it.each([
    ['a changed body', {}, body.replace('contacts', 'accounts')],
    ['another id', { 'webhook-id': 'evt-2' }, body],
    ['another secret', { 'webhook-signature': sign(`whsec_${randomBytes(32).toString('base64')}`, 'evt-1', timestamp, body) }, body],
    ['a v1a signature', { 'webhook-signature': sign(secret, 'evt-1', timestamp, body).replace('v1,', 'v1a,') }, body],
  ])('refuses %s', (_, override, payload) => {
    expect(() => verifyWebhook(secret, headers(override as Record<string, string>), payload, now)).toThrow(WebhookVerificationError);
  });

  it('refuses timestamps more than five minutes away, and missing headers', () => {
    const old = timestamp - 301;
    expect(() => verifyWebhook(secret, headers({ 'webhook-timestamp': String(old), 'webhook-signature': sign(secret, 'evt-1', old, body) }), body, now)).toThrow('too old');
    const future = timestamp + 301;
    expect(() => verifyWebhook(secret, headers({ 'webhook-timestamp': String(future), 'webhook-signature': sign(secret, 'evt-1', future, body) }), body, now)).toThrow('too new');
    expect(() => verifyWebhook(secret, { 'webhook-id': 'evt-1' }, body, now)).toThrow('Missing');
  });
});
