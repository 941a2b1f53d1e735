import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's `webhook-timestamp` may be from now, either way (the Standard Webhooks reference libraries' value). */
const TOLERANCE_SECONDS = 5 * 60;

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/** A verified delivery: its id (your idempotency key: a retry carries the same one) and its parsed body. */
export interface VerifiedWebhook<Payload = WebhookPayload> {
  id: string;
  timestamp: number;
  payload: Payload;
}

/** The body of every delivery. */
export interface WebhookPayload {
  type: 'record.changed' | 'record.deleted' | 'sync.reset' | 'account.needs_reauth' | 'account.disconnected';
  timestamp: string;
  data: { integrated_account_id: string; resource?: string; id?: string; record?: Record<string, unknown>; status?: string };
}

type Headers = Record<string, string | string[] | undefined> | { get(name: string): string | null };

/**
 * Verifies a webhook delivery per the Standard Webhooks specification: the HMAC-SHA256 of `{id}.{timestamp}.{body}`
 * under the subscription's `whsec_` secret must match one of the `v1,` signatures of `webhook-signature`, and the
 * timestamp must be within five minutes of now. Pass the body exactly as received (bytes or string, before any JSON
 * parsing). Throws `WebhookVerificationError` otherwise.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function verifyWebhook<Payload = WebhookPayload>(secret: string, headers: Headers, body: string | Uint8Array, now: Date = new Date()): VerifiedWebhook<Payload> {
  const id = headerOf(headers, 'webhook-id');
  const timestampHeader = headerOf(headers, 'webhook-timestamp');
  const signatures = headerOf(headers, 'webhook-signature');
  if (!id || !timestampHeader || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature');
  const timestamp = Number(timestampHeader);
  if (!/^\d+$/.test(timestampHeader) || !Number.isSafeInteger(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (timestamp < nowSeconds - TOLERANCE_SECONDS) throw new WebhookVerificationError('Message timestamp too old');
  if (timestamp > nowSeconds + TOLERANCE_SECONDS) throw new WebhookVerificationError('Message timestamp too new');
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${text}`).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('No matching signature found');
  return { id, timestamp, payload: JSON.parse(text) as Payload };
}

function headerOf(headers: Headers, name: string): string | undefined {
  const value = typeof headers.get === 'function' ? (headers as { get(name: string): string | null }).get(name) : (headers as Record<string, string | string[] | undefined>)[name];
  if (Array.isArray(value)) return value[0];
  return value ?? undefined;
}
