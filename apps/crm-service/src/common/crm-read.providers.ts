import { Provider } from '@nestjs/common';
import { AccountDataverse, AccountGrants } from '@dua/account-access';
import { AttributeMetadataCache, LookupNavigationCache, ReadAhead } from '@dua/dataverse-client';
import { RpcClient } from '@dua/service-kit';
import { CrmServiceConfig } from '../config/crm.config';
import { CrmReader } from './crm-reader';
import { CurrencyDirectory } from './currency-directory';
import { CRM_WRITE_OPTIONS, CrmWriter } from './crm-writer';
import { IdempotentRequests } from './idempotent-requests';

/**
 * The shared machinery of the Unified CRM resources. `AccountDataverse` is provided again here so that every
 * Dataverse call of crm-service (resources and proxy) uses the configured attempts and the app's timeout chain.
 */
export function crmReadProviders(config: CrmServiceConfig): Provider[] {
  return [
    {
      provide: AccountDataverse,
      useFactory: (rpc: RpcClient, grants: AccountGrants, readAhead: ReadAhead) =>
        new AccountDataverse(rpc, grants, { retry: { maxAttempts: config.dataverseMaxAttempts }, readAhead }, config.timeouts),
      inject: [RpcClient, AccountGrants, ReadAhead],
    },
    { provide: AttributeMetadataCache, useValue: new AttributeMetadataCache({ ttlMs: config.metadataCacheTtlMs }) },
    { provide: CurrencyDirectory, useValue: new CurrencyDirectory(config.metadataCacheTtlMs) },
    CrmReader,
  ];
}

/** The write machinery: lookups' navigation properties (cached like attribute metadata), idempotency keys, the writer. */
export function crmWriteProviders(config: CrmServiceConfig): Provider[] {
  return [
    { provide: LookupNavigationCache, useValue: new LookupNavigationCache({ ttlMs: config.metadataCacheTtlMs }) },
    { provide: CRM_WRITE_OPTIONS, useValue: { idempotencyLeaseMs: config.idempotencyLeaseMs } },
    { provide: IdempotentRequests, useFactory: (rpc: RpcClient) => new IdempotentRequests(rpc, config.timeouts.interServiceCallMs), inject: [RpcClient] },
    CrmWriter,
  ];
}
