import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { lookup, LookupAddress } from 'node:dns';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { ChangeEventType } from '@dua/unified-models';
import { INSTANCE_ID, Vault } from '@dua/service-kit';
import { SYNC_CONFIG } from '../config/sync-config.token';
import { SyncServiceConfig } from '../config/sync.config';
import { BackgroundLoop } from '../common/background-loop';
import { retryDelayMs } from './backoff';
import { signWebhook } from './webhook-signature';
import { isLoopbackAddress, isPublicAddress } from './webhook-url-policy';
import { WEBHOOK_VAULT, webhookSecretBinding } from './webhook-vault';

/** Subscriptions one replica delivers to at once. */
const SUBSCRIPTIONS_PER_CLAIM = 8;
/**
 * A replica starts new deliveries of a claimed subscription for this long, then lets it be claimed again. Its lease
 * lasts this plus one attempt's timeout, so no other replica delivers the subscription meanwhile (order), yet a
 * killed replica's subscriptions move on soon.
 */
const DELIVERY_TURN_MS = 5_000;
const HEADS_PER_QUERY = 500;

interface ClaimedSubscription {
  id: string;
  url: string;
  secret_sealed: string;
}

interface PendingDelivery {
  event_pk: string;
  attempt: number;
  first_attempt_at: Date | null;
  next_attempt_at: Date;
  event_id: string;
  integrated_account_id: string;
  type: ChangeEventType;
  resource: string | null;
  record_id: string | null;
  occurred_at: Date;
  data: Record<string, unknown> | null;
}

type Outcome = { kind: 'delivered' | 'gone' | 'failed'; status: number | null; error: string | null; retryAfterMs?: number };

/**
 * Delivers webhook events per the Standard Webhooks specification: at least once, in event order per subscription
 * (the oldest pending delivery of a subscription holds back the later ones until it succeeds or is given up),
 * retried with exponential backoff for `WEBHOOK_RETRY_WINDOW_MS` (72 h by default). A 410 answer disables the
 * subscription. Subscriptions are spread over replicas by leases, as accounts are for polling.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly owner = `${INSTANCE_ID}:${randomUUID().slice(0, 8)}`;
  private readonly agent: Agent;
  private readonly loop = new BackgroundLoop('DeliveryLoop', () => this.turn(), 200);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(WEBHOOK_VAULT) private readonly vault: Vault,
    @Inject(SYNC_CONFIG) private readonly config: SyncServiceConfig,
  ) {
    const allowLoopback = config.allowLocalHttpWebhooks;
    this.agent = new Agent({
      headersTimeout: config.webhookTimeoutMs,
      bodyTimeout: config.webhookTimeoutMs,
      connect: {
        timeout: config.webhookTimeoutMs,
        // Every address the host resolves to must be public (or loopback where allowed): no SSRF through DNS.
        lookup: (hostname, options, callback) => {
          lookup(hostname, { ...options, all: true }, (error, addresses) => {
            if (error) return callback(error, '', 0);
            const list = addresses as unknown as LookupAddress[];
            if (list.length === 0 || list.some(({ address }) => !isPublicAddress(address) && !(allowLoopback && isLoopbackAddress(address)))) {
              return callback(Object.assign(new Error('The webhook host resolves to a non-public address'), { code: 'ENOTPUBLIC' }), '', 0);
            }
            if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
            callback(null, list[0].address, list[0].family);
          });
        },
      },
    });
  }

  /** New events are waiting: look now rather than at the next tick. */
  wakeUp(): void {
    this.loop.wakeUp();
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Before the providers close: the deliveries under way finish (and are recorded) while the database is still there. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.agent.close();
  }

  /** Claims the subscriptions with due deliveries and delivers them; true when there were some. */
  private async turn(): Promise<boolean> {
    const subscriptions = await this.claim();
    await Promise.all(subscriptions.map((subscription) => this.deliverTo(subscription)));
    return subscriptions.length > 0;
  }

  private async claim(): Promise<ClaimedSubscription[]> {
    const [rows] = await this.db.query(
      `UPDATE webhook_subscriptions SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id IN (
         SELECT s.id FROM webhook_subscriptions s
         WHERE s.enabled AND (s.lease_until IS NULL OR s.lease_until < now())
           AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.next_attempt_at <= now())
         LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, url, secret_sealed`,
      [this.owner, DELIVERY_TURN_MS + this.config.webhookTimeoutMs + 1_000, SUBSCRIPTIONS_PER_CLAIM],
    );
    return rows;
  }

  private async deliverTo(subscription: ClaimedSubscription): Promise<void> {
    const until = Date.now() + DELIVERY_TURN_MS;
    try {
      const secret = this.vault.decrypt(subscription.secret_sealed, webhookSecretBinding(subscription.id));
      while (Date.now() < until && this.loop.isRunning) {
        const heads: PendingDelivery[] = await this.db.query(
          `SELECT d.event_pk, d.attempt, d.first_attempt_at, d.next_attempt_at, e.event_id, e.integrated_account_id, e.type, e.resource, e.record_id, e.occurred_at, e.data
           FROM webhook_deliveries d JOIN sync_events e ON e.id = d.event_pk
           WHERE d.subscription_id = $1 AND d.status = 'pending' ORDER BY d.event_pk LIMIT $2`,
          [subscription.id, HEADS_PER_QUERY],
        );
        if (heads.length === 0) return;
        // Successes are stored a batch at a time (a crash before that re-sends them: at least once, same webhook-id).
        const delivered: Array<{ pk: string; status: number }> = [];
        try {
          for (const head of heads) {
            // In order: a delivery still waiting for its retry holds back every later one.
            if (new Date(head.next_attempt_at).getTime() > Date.now()) return;
            const outcome = await this.send(subscription.url, secret, head);
            if (outcome.kind === 'delivered') {
              delivered.push({ pk: head.event_pk, status: outcome.status ?? 200 });
              continue;
            }
            await this.recordDelivered(subscription.id, delivered.splice(0));
            await this.recordFailure(subscription.id, head, outcome);
            return;
          }
        } finally {
          await this.recordDelivered(subscription.id, delivered);
        }
      }
    } finally {
      await this.db
        .query('UPDATE webhook_subscriptions SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [subscription.id, this.owner])
        .catch(() => undefined);
    }
  }

  private async send(url: string, secret: string, delivery: PendingDelivery): Promise<Outcome> {
    const body = JSON.stringify(webhookBodyOf(delivery));
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'dynamics-unified-api-webhooks',
          'webhook-id': delivery.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, delivery.event_id, timestamp, body),
        },
        body,
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
      await response.body.dump();
      const status = response.statusCode;
      if (status >= 200 && status < 300) return { kind: 'delivered', status, error: null };
      if (status === 410) return { kind: 'gone', status, error: 'the receiver answered 410 Gone' };
      const retryAfter = Number(response.headers['retry-after']);
      return { kind: 'failed', status, error: `the receiver answered ${status}`, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { kind: 'failed', status: null, error: `the receiver could not be reached${code ? ` (${code})` : ''}` };
    }
  }

  private async recordDelivered(subscriptionId: string, delivered: Array<{ pk: string; status: number }>): Promise<void> {
    if (delivered.length === 0) return;
    await this.db.query(
      `UPDATE webhook_deliveries d SET status = 'delivered', attempt = d.attempt + 1, first_attempt_at = coalesce(d.first_attempt_at, now()), last_attempt_at = now(),
         response_status = v.status, last_error = NULL
       FROM unnest($2::bigint[], $3::int[]) AS v(pk, status) WHERE d.subscription_id = $1 AND d.event_pk = v.pk`,
      [subscriptionId, delivered.map((entry) => entry.pk), delivered.map((entry) => entry.status)],
    );
  }

  /** Stores a failed attempt: a retry after the backoff, or (410, or past the retry window) the subscription disabled. */
  private async recordFailure(subscriptionId: string, delivery: PendingDelivery, outcome: Outcome): Promise<void> {
    const attempt = delivery.attempt + 1;
    const firstAttemptAt = delivery.first_attempt_at ? new Date(delivery.first_attempt_at) : new Date();
    let status = 'pending';
    let nextAttemptAt = new Date();
    let disable: string | null = null;
    if (outcome.kind === 'gone') {
      status = 'failed';
      disable = 'gone';
    } else if (Date.now() - firstAttemptAt.getTime() >= this.config.webhookRetryWindowMs) {
      status = 'failed';
      disable = 'failing';
    } else {
      const delay = Math.max(retryDelayMs(attempt, this.config.webhookFirstBackoffMs, this.config.webhookMaxBackoffMs), outcome.retryAfterMs ?? 0);
      nextAttemptAt = new Date(Date.now() + delay);
    }
    await this.db.transaction(async (manager) => {
      await manager.query(
        `UPDATE webhook_deliveries SET status = $3, attempt = $4, first_attempt_at = $5, last_attempt_at = now(), next_attempt_at = $6, response_status = $7, last_error = $8
         WHERE subscription_id = $1 AND event_pk = $2`,
        [subscriptionId, delivery.event_pk, status, attempt, firstAttemptAt, nextAttemptAt, outcome.status, outcome.error],
      );
      if (disable) {
        await manager.query('UPDATE webhook_subscriptions SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1', [subscriptionId, disable]);
        this.logger.warn(`Webhook subscription ${subscriptionId} disabled: ${outcome.error}`);
      }
    });
  }
}

/** The Standard Webhooks payload: `{type, timestamp, data}`; built from the stored event, so every attempt sends the same bytes. */
export function webhookBodyOf(event: Pick<PendingDelivery, 'type' | 'occurred_at' | 'integrated_account_id' | 'resource' | 'record_id' | 'data'>): Record<string, unknown> {
  const data: Record<string, unknown> = { integrated_account_id: event.integrated_account_id };
  if (event.resource) data['resource'] = event.resource;
  if (event.record_id) data['id'] = event.record_id;
  if (event.type === ChangeEventType.RECORD_CHANGED) data['record'] = event.data;
  else if (event.data) Object.assign(data, event.data);
  return { type: event.type, timestamp: new Date(event.occurred_at).toISOString(), data };
}
