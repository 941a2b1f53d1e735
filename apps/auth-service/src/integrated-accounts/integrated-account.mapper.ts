import { IntegratedAccountDto } from '@dua/unified-models';
import { IntegratedAccountEntity } from './integrated-account.entity';

export function toIntegratedAccountDto(account: IntegratedAccountEntity): IntegratedAccountDto {
  return {
    id: account.id,
    customer_ref: account.customerRef,
    environment_url: account.environmentUrl,
    auth_type: account.authType,
    status: account.status,
    status_reason: account.statusReason,
    organization_id: account.organizationId,
    user: account.userId ? { id: account.userId, name: account.userName, email: account.userEmail } : null,
    created_at: account.createdAt.toISOString(),
    updated_at: account.updatedAt.toISOString(),
    last_refreshed_at: account.lastRefreshedAt?.toISOString() ?? null,
  };
}
