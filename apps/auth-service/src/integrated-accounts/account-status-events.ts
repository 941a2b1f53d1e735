import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { AccountStatusChangedEvent, AuthEvents } from '@dua/unified-models';

const codec = JSONCodec<AccountStatusChangedEvent>();

/**
 * Publishes `auth.events.account-status-changed` when an account turns `needs_reauth` or `disconnected` (sync-service
 * turns it into webhook events; other services may drop what they cache for the account). The payload names the
 * account, never a credential. Connects on first use, so the admin CLI, which changes no status, opens no connection.
 * Publishing is best effort: a status change never fails because the bus is down.
 */
@Injectable()
export class AccountStatusEvents implements OnApplicationShutdown {
  private readonly logger = new Logger(AccountStatusEvents.name);
  private connection?: Promise<NatsConnection>;

  constructor(private readonly natsUrl: string) {}

  async publish(account: { id: string; environmentId: string }, status: AccountStatusChangedEvent['status']): Promise<void> {
    const event: AccountStatusChangedEvent = { integrated_account_id: account.id, environment_id: account.environmentId, status, occurred_at: new Date().toISOString() };
    try {
      this.connection ??= connect({ servers: this.natsUrl, name: 'auth-service-events', maxReconnectAttempts: -1 });
      (await this.connection).publish(AuthEvents.accountStatusChanged, codec.encode(event));
    } catch (error) {
      this.connection = undefined;
      this.logger.warn(`Could not publish the status change of account ${account.id}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    await connection?.drain().catch(() => undefined);
  }
}
