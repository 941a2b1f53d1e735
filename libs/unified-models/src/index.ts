export * from './errors/error-code';
export * from './errors/error-status.table';
export * from './errors/domain-error';
export * from './errors/problem.dto';
export * from './messages/patterns';
export * from './messages/rpc-request';
export * from './messages/auth-events';
export * from './common/envelope.dto';
export * from './common/page-query.dto';
export * from './auth/api-key.dto';
export * from './auth/integrated-account.dto';
export * from './health/ping.dto';
export * from './auth/link-token.dto';
export * from './auth/connect.dto';
export * from './auth/integrated-account-commands.dto';
export * from './auth/idempotency.dto';
export * from './common/id.dto';
export * from './directory/directory-query.dto';
export * from './directory/directory-organization.dto';
export * from './directory/directory-user.dto';
export * from './crm';
export * from './crm/proxy.dto';
export * from './sync';
export * from './common/plain-text';
export * from './common/validation-metadata-cache';

// Every process that validates these DTOs loads this module first: class-validator's metadata lookups are cached
// from here on (see validation-metadata-cache.ts).
import { cacheValidationMetadataLookups } from './common/validation-metadata-cache';
cacheValidationMetadataLookups();
