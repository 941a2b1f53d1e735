import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddRefreshLease1765000000000 implements MigrationInterface {
  name = 'AddRefreshLease1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Which replica is asking Entra for this account's next token, until when: one refresh across every replica,
    // claimed and released in short statements (no transaction or lock is held while Entra answers).
    await queryRunner.query(`ALTER TABLE account_credentials ADD COLUMN refresh_lease_until timestamptz(3)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE account_credentials DROP COLUMN refresh_lease_until`);
  }
}
