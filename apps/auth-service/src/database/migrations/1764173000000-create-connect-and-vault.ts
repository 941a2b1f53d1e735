import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConnectAndVault1764173000000 implements MigrationInterface {
  name = 'CreateConnectAndVault1764173000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE environment_redirect_uris (
        environment_id uuid NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        uri text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (environment_id, uri)
      )`);
    // A link token and the sign-in it starts. Only hashes of the token and of the OAuth state are stored;
    // the PKCE verifier and the discovery grant are sealed by the vault.
    await queryRunner.query(`
      CREATE TABLE link_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment_id uuid NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        customer_ref text,
        redirect_uri text,
        integrated_account_id uuid REFERENCES integrated_accounts(id) ON DELETE CASCADE,
        state_hash char(64) UNIQUE,
        sealed_pkce_verifier text,
        sealed_discovery_grant text,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Credentials of an integrated account: the refresh token or client secret, and the current access token, sealed.
    await queryRunner.query(`
      CREATE TABLE account_credentials (
        integrated_account_id uuid PRIMARY KEY REFERENCES integrated_accounts(id) ON DELETE CASCADE,
        client_id text,
        sealed_secret text NOT NULL,
        sealed_access_token text,
        access_token_expires_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX link_tokens_expires_idx ON link_tokens (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE account_credentials`);
    await queryRunner.query(`DROP TABLE link_tokens`);
    await queryRunner.query(`DROP TABLE environment_redirect_uris`);
  }
}
