import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The change feed (accounts with their leases, streams, known records, events) and webhooks with their deliveries. */
export class CreateSync1764900000000 implements MigrationInterface {
  name = 'CreateSync1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sync_accounts (
        integrated_account_id uuid PRIMARY KEY,
        environment_id uuid NOT NULL,
        last_sequence bigint NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reauth', 'disconnected')),
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX sync_accounts_due ON sync_accounts (next_poll_at) WHERE status <> 'disconnected'`);
    await runner.query(`
      CREATE TABLE sync_streams (
        integrated_account_id uuid NOT NULL REFERENCES sync_accounts ON DELETE CASCADE,
        resource text NOT NULL,
        mode text NOT NULL DEFAULT 'baseline' CHECK (mode IN ('baseline', 'reset', 'delta')),
        position text,
        epoch integer NOT NULL DEFAULT 0,
        not_tracked text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integrated_account_id, resource)
      )`);
    await runner.query(`
      CREATE TABLE sync_records (
        integrated_account_id uuid NOT NULL,
        resource text NOT NULL,
        record_id uuid NOT NULL,
        record_hash text NOT NULL,
        epoch integer NOT NULL,
        PRIMARY KEY (integrated_account_id, resource, record_id)
      )`);
    await runner.query(`
      CREATE TABLE sync_events (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        integrated_account_id uuid NOT NULL,
        environment_id uuid NOT NULL,
        sequence bigint NOT NULL,
        type text NOT NULL,
        resource text,
        record_id uuid,
        occurred_at timestamptz NOT NULL,
        data jsonb,
        UNIQUE (integrated_account_id, sequence)
      )`);
    await runner.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        environment_id uuid NOT NULL,
        integrated_account_id uuid,
        url text NOT NULL,
        events text[] NOT NULL,
        secret_sealed text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        lease_owner text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX webhook_subscriptions_environment ON webhook_subscriptions (environment_id)`);
    await runner.query(`
      CREATE TABLE webhook_deliveries (
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions ON DELETE CASCADE,
        event_pk bigint NOT NULL REFERENCES sync_events ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempt integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        first_attempt_at timestamptz,
        last_attempt_at timestamptz,
        response_status integer,
        last_error text,
        PRIMARY KEY (subscription_id, event_pk)
      )`);
    await runner.query(`CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (subscription_id, event_pk) WHERE status = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE webhook_deliveries, webhook_subscriptions, sync_events, sync_records, sync_streams, sync_accounts');
  }
}
