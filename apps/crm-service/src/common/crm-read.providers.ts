import { Provider } from '@nestjs/common';
import { AccountDataverse, AccountGrants } from '@dua/account-access';
import { AttributeMetadataCache } from '@dua/dataverse-client';
import { RpcClient } from '@dua/service-kit';
import { CrmServiceConfig } from '../config/crm.config';
import { CrmReader } from './crm-reader';
import { CurrencyDirectory } from './currency-directory';

/**
 * The shared machinery of the Unified CRM resources. `AccountDataverse` is provided again here so that every
 * Dataverse call of crm-service (resources and proxy) uses the configured retry budget.
 */
export function crmReadProviders(config: CrmServiceConfig): Provider[] {
  return [
    {
      provide: AccountDataverse,
      useFactory: (rpc: RpcClient, grants: AccountGrants) =>
        new AccountDataverse(rpc, grants, { retry: { waitBudgetMs: config.dataverseRetryBudgetMs, maxAttempts: config.dataverseMaxAttempts } }),
      inject: [RpcClient, AccountGrants],
    },
    { provide: AttributeMetadataCache, useValue: new AttributeMetadataCache({ ttlMs: config.metadataCacheTtlMs }) },
    { provide: CurrencyDirectory, useValue: new CurrencyDirectory(config.metadataCacheTtlMs) },
    CrmReader,
  ];
}
