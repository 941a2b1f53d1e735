import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { IntegratedAccountAuthType, IntegratedAccountStatus } from '@dua/unified-models';

/** One end customer's connected Dataverse environment. Credentials live elsewhere, encrypted. */
@Entity({ name: 'integrated_accounts' })
@Index(['environmentId', 'createdAt', 'id'])
export class IntegratedAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'environment_id', type: 'uuid' })
  environmentId: string;

  @Column({ name: 'customer_ref', type: 'text', nullable: true })
  customerRef: string | null;

  @Column({ name: 'environment_url', type: 'text' })
  environmentUrl: string;

  @Column({ name: 'auth_type', type: 'text' })
  authType: IntegratedAccountAuthType;

  @Column({ type: 'text' })
  status: IntegratedAccountStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'user_name', type: 'text', nullable: true })
  userName: string | null;

  @Column({ name: 'user_email', type: 'text', nullable: true })
  userEmail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'last_refreshed_at', type: 'timestamptz', precision: 3, nullable: true })
  lastRefreshedAt: Date | null;
}
