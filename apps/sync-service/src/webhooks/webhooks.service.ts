import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CallContext,
  ChangeEventType,
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryStatus,
  DomainError,
  ListEnvelope,
  listEnvelopeOf,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
} from '@dua/unified-models';
import { Vault } from '@dua/service-kit';
import { requireEnvironment, SyncAccountsService } from '../accounts/sync-accounts.service';
import { SYNC_CONFIG } from '../config/sync-config.token';
import { SyncServiceConfig } from '../config/sync.config';
import { DeliveryWorker } from './delivery.worker';
import { newWebhookSecret } from './webhook-signature';
import { checkWebhookUrl } from './webhook-url-policy';
import { WEBHOOK_VAULT, webhookSecretBinding } from './webhook-vault';

const RECENT_DELIVERIES = 100;

interface SubscriptionRow {
  id: string;
  url: string;
  events: ChangeEventType[];
  integrated_account_id: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  event_id: string;
  type: ChangeEventType;
  status: DeliveryStatus;
  response_status: number | null;
  attempt: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_error: string | null;
}

const SUBSCRIPTION_COLUMNS = 'id, url, events, integrated_account_id, enabled, disabled_reason, created_at, updated_at';

/** Webhook subscriptions of an environment: the secret is shown once, sealed at rest, never returned again. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(WEBHOOK_VAULT) private readonly vault: Vault,
    @Inject(SYNC_CONFIG) private readonly config: SyncServiceConfig,
    private readonly accounts: SyncAccountsService,
    private readonly worker: DeliveryWorker,
  ) {}

  async create(context: CallContext, request: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const environmentId = requireEnvironment(context);
    const url = checkWebhookUrl(request.url, this.config.allowLocalHttpWebhooks).toString();
    if (request.integrated_account_id) await this.accounts.follow(context, request.integrated_account_id);
    else await this.accounts.followEnvironment(context);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const [row]: SubscriptionRow[] = await this.db.query(
      `INSERT INTO webhook_subscriptions (id, environment_id, integrated_account_id, url, events, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [id, environmentId, request.integrated_account_id ?? null, url, request.events, this.vault.encrypt(secret, webhookSecretBinding(id))],
    );
    return { ...webhookOf(row), secret };
  }

  async list(context: CallContext): Promise<ListEnvelope<WebhookDto>> {
    const rows: SubscriptionRow[] = await this.db.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE environment_id = $1 ORDER BY created_at, id`, [
      requireEnvironment(context),
    ]);
    return listEnvelopeOf(rows.map(webhookOf), null);
  }

  async get(context: CallContext, id: string): Promise<WebhookDto> {
    return webhookOf(await this.subscriptionOf(context, id));
  }

  async update(context: CallContext, id: string, changes: UpdateWebhookDto): Promise<WebhookDto> {
    const current = await this.subscriptionOf(context, id);
    const url = changes.url === undefined ? current.url : checkWebhookUrl(changes.url, this.config.allowLocalHttpWebhooks).toString();
    const enabled = changes.enabled ?? current.enabled;
    const [[row]]: [SubscriptionRow[]] = await this.db.query(
      `UPDATE webhook_subscriptions SET url = $2, events = $3, enabled = $4, disabled_reason = CASE WHEN $4 THEN NULL ELSE disabled_reason END, updated_at = now()
       WHERE id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [id, url, changes.events ?? current.events, enabled],
    );
    if (enabled && !current.enabled) this.worker.wakeUp();
    return webhookOf(row);
  }

  async delete(context: CallContext, id: string): Promise<{ id: string }> {
    await this.subscriptionOf(context, id);
    await this.db.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
    return { id };
  }

  async deliveries(context: CallContext, id: string): Promise<ListEnvelope<WebhookDeliveryDto>> {
    await this.subscriptionOf(context, id);
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT e.event_id, e.type, d.status, d.response_status, d.attempt, d.next_attempt_at, d.last_attempt_at, d.last_error
       FROM webhook_deliveries d JOIN sync_events e ON e.id = d.event_pk WHERE d.subscription_id = $1 ORDER BY d.event_pk DESC LIMIT $2`,
      [id, RECENT_DELIVERIES],
    );
    return listEnvelopeOf(rows.map(deliveryOf), null);
  }

  /** Sends the event again now (it becomes pending again, at its place in the subscription's order). */
  async retry(context: CallContext, id: string, eventId: string): Promise<WebhookDeliveryDto> {
    await this.subscriptionOf(context, id);
    const [[row]]: [DeliveryRow[]] = await this.db.query(
      `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now(), first_attempt_at = NULL
       FROM sync_events e WHERE e.id = d.event_pk AND d.subscription_id = $1 AND e.event_id::text = $2
       RETURNING e.event_id, e.type, d.status, d.response_status, d.attempt, d.next_attempt_at, d.last_attempt_at, d.last_error`,
      [id, eventId],
    );
    if (!row) throw DomainError.notFound(`Delivery of event ${eventId}`);
    this.worker.wakeUp();
    return deliveryOf(row);
  }

  private async subscriptionOf(context: CallContext, id: string): Promise<SubscriptionRow> {
    const [row]: SubscriptionRow[] = await this.db.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND environment_id = $2`, [
      id,
      requireEnvironment(context),
    ]);
    if (!row) throw DomainError.notFound(`Webhook ${id}`);
    return row;
  }
}

function webhookOf(row: SubscriptionRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    integrated_account_id: row.integrated_account_id,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

function deliveryOf(row: DeliveryRow): WebhookDeliveryDto {
  return {
    event_id: row.event_id,
    event_type: row.type,
    status: row.status,
    response_status: row.response_status,
    attempt: row.attempt,
    next_attempt_at: row.status === DeliveryStatus.PENDING ? new Date(row.next_attempt_at).toISOString() : null,
    last_attempt_at: row.last_attempt_at ? new Date(row.last_attempt_at).toISOString() : null,
    last_error: row.last_error,
  };
}
