import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'link_tokens' })
export class LinkTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'environment_id', type: 'uuid' })
  environmentId: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'customer_ref', type: 'text', nullable: true })
  customerRef: string | null;

  @Column({ name: 'redirect_uri', type: 'text', nullable: true })
  redirectUri: string | null;

  /** Set when the link re-authorizes an existing account. */
  @Column({ name: 'integrated_account_id', type: 'uuid', nullable: true })
  integratedAccountId: string | null;

  @Column({ name: 'state_hash', type: 'char', length: 64, nullable: true })
  stateHash: string | null;

  @Column({ name: 'sealed_pkce_verifier', type: 'text', nullable: true })
  sealedPkceVerifier: string | null;

  @Column({ name: 'sealed_discovery_grant', type: 'text', nullable: true })
  sealedDiscoveryGrant: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
