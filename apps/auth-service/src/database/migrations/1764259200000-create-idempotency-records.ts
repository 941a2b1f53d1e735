import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyRecords1764259200000 implements MigrationInterface {
  name = 'CreateIdempotencyRecords1764259200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per Idempotency-Key of an integrated account: the request it was first used with (a hash), the id that
    // request creates, who holds it (until `locked_until`) and, once done, the answer to replay. Kept 24 h.
    await queryRunner.query(`
      CREATE TABLE idempotency_records (
        environment_id uuid NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        integrated_account_id uuid NOT NULL REFERENCES integrated_accounts(id) ON DELETE CASCADE,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        resource_id uuid NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        locked_until timestamptz(3) NOT NULL,
        response_status smallint,
        response_body text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        PRIMARY KEY (environment_id, integrated_account_id, key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_records`);
  }
}
