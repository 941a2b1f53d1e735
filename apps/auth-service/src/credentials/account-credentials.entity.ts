import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The sealed secrets of one integrated account. Nothing here is readable without the vault's keys. */
@Entity({ name: 'account_credentials' })
export class AccountCredentialsEntity {
  @PrimaryColumn({ name: 'integrated_account_id', type: 'uuid' })
  integratedAccountId: string;

  /** App-only connections: the application (client) id. Not a secret. */
  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId: string | null;

  /** The delegated refresh token, or the app-only client secret. */
  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret: string;

  @Column({ name: 'sealed_access_token', type: 'text', nullable: true })
  sealedAccessToken: string | null;

  @Column({ name: 'access_token_expires_at', type: 'timestamptz', precision: 3, nullable: true })
  accessTokenExpiresAt: Date | null;

  /** While set and in the future, a replica is refreshing this account's token (see CredentialsService). */
  @Column({ name: 'refresh_lease_until', type: 'timestamptz', precision: 3, nullable: true, select: false })
  refreshLeaseUntil: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
