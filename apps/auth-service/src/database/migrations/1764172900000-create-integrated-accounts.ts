import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegratedAccounts1764172900000 implements MigrationInterface {
  name = 'CreateIntegratedAccounts1764172900000';

  // Millisecond timestamps: the keyset cursor carries created_at through a JS Date, which has no microseconds.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE integrated_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id uuid NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        customer_ref text,
        environment_url text NOT NULL,
        auth_type text NOT NULL CHECK (auth_type IN ('oauth', 'client_credentials')),
        status text NOT NULL CHECK (status IN ('active', 'needs_reauth', 'disconnected')),
        status_reason text,
        tenant_id text,
        organization_id uuid,
        user_id uuid,
        user_name text,
        user_email text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz(3)
      )`);
    await queryRunner.query(
      `CREATE INDEX integrated_accounts_environment_page_idx ON integrated_accounts (environment_id, created_at, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE integrated_accounts`);
  }
}
