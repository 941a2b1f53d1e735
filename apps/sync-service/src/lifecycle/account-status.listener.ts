import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { isISO8601, isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AccountStatusChangedEvent, AuthEvents, ChangeEventType } from '@dua/unified-models';
import { insertAccount } from '../accounts/sync-accounts.service';
import { appendEvents } from '../events/event-log';
import { DeliveryWorker } from '../webhooks/delivery.worker';

const EVENT_TYPES: Partial<Record<AccountStatusChangedEvent['status'], ChangeEventType>> = {
  needs_reauth: ChangeEventType.ACCOUNT_NEEDS_REAUTH,
  disconnected: ChangeEventType.ACCOUNT_DISCONNECTED,
};

/**
 * auth-service's account status changes become `account.needs_reauth` / `account.disconnected` events of the
 * account's feed (and webhooks). A disconnected account is no longer polled; one that needs reauthorization is tried
 * every five minutes and resumes when a poll works again (the end user connected it again). One replica receives each
 * (the queue group), and the event is stored with the status change in one transaction.
 */
@Controller()
export class AccountStatusListener {
  private readonly logger = new Logger(AccountStatusListener.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveryWorker,
  ) {}

  @EventPattern(AuthEvents.accountStatusChanged)
  async onStatusChanged(@Payload() event: AccountStatusChangedEvent): Promise<void> {
    if (!isUUID(event?.integrated_account_id) || !isUUID(event?.environment_id) || !['active', 'needs_reauth', 'disconnected'].includes(event?.status)) {
      this.logger.warn('Ignored a malformed account status event');
      return;
    }
    const occurredAt = isISO8601(event.occurred_at) ? new Date(event.occurred_at) : new Date();
    const type = EVENT_TYPES[event.status];
    await this.db.transaction(async (manager) => {
      await insertAccount(manager, event.environment_id, event.integrated_account_id, event.status);
      // An event claiming another environment's account is dropped: the account keeps the environment it was followed with.
      const [[updated]] = await manager.query(
        `UPDATE sync_accounts SET status = $3, next_poll_at = now() + CASE WHEN $3 = 'needs_reauth' THEN interval '5 minutes' ELSE interval '0' END
         WHERE integrated_account_id = $1 AND environment_id = $2 RETURNING status`,
        [event.integrated_account_id, event.environment_id, event.status],
      );
      if (updated && type) await appendEvents(manager, event.integrated_account_id, [{ type, data: { status: event.status } }], occurredAt);
    });
    if (type) this.deliveries.wakeUp();
  }
}
