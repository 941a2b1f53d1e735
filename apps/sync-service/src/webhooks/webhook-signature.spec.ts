import { createHmac } from 'node:crypto';
import { ChangeEventType } from '@dua/unified-models';
import { retryDelayMs } from './backoff';
import { webhookBodyOf } from './delivery.worker';
import { newWebhookSecret, signWebhook } from './webhook-signature';

describe('Standard Webhooks signing', () => {
  it('makes whsec_ secrets of 32 random bytes, never twice the same', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it("matches the specification's example signature", () => {
    // The example of the Standard Webhooks reference libraries (secret, msg_id, timestamp, payload, signature).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs what an independent implementation verifies', () => {
    const secret = newWebhookSecret();
    const signature = signWebhook(secret, 'evt-1', 1_700_000_000, '{"a":1}');
    const expected = createHmac('sha256', Buffer.from(secret.split('_')[1], 'base64')).update('evt-1.1700000000.{"a":1}').digest('base64');
    expect(signature).toBe(`v1,${expected}`);
  });
});

describe('webhook payloads', () => {
  const base = { integrated_account_id: 'acc', occurred_at: new Date('2026-01-02T03:04:05Z') };

  it.each([
    [ChangeEventType.RECORD_CHANGED, 'contacts', 'c1', { id: 'c1', first_name: 'Ada' }, { integrated_account_id: 'acc', resource: 'contacts', id: 'c1', record: { id: 'c1', first_name: 'Ada' } }],
    [ChangeEventType.RECORD_DELETED, 'contacts', 'c1', null, { integrated_account_id: 'acc', resource: 'contacts', id: 'c1' }],
    [ChangeEventType.SYNC_RESET, 'notes', null, null, { integrated_account_id: 'acc', resource: 'notes' }],
    [ChangeEventType.ACCOUNT_NEEDS_REAUTH, null, null, { status: 'needs_reauth' }, { integrated_account_id: 'acc', status: 'needs_reauth' }],
  ])('%s carries the documented data', (type, resource, recordId, data, expected) => {
    expect(webhookBodyOf({ ...base, type, resource, record_id: recordId, data })).toEqual({ type, timestamp: '2026-01-02T03:04:05.000Z', data: expected });
  });
});

describe('retry backoff', () => {
  it('doubles from the first delay up to the cap, within ±20 %', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 20].map((attempt) => retryDelayMs(attempt, 5_000, 3_600_000, middle))).toEqual([5_000, 10_000, 20_000, 40_000, 3_600_000]);
    expect(retryDelayMs(1, 5_000, 3_600_000, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, 5_000, 3_600_000, () => 1)).toBe(6_000);
  });

  it('keeps retrying for more than 24 hours before a 72-hour window ends', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 72 * 3_600_000) elapsed += retryDelayMs(++attempts, 5_000, 3_600_000, () => 0.5);
    expect(attempts).toBeGreaterThan(24);
  });
});
