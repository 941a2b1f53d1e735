/**
 * NATS message patterns, `<service>.<resource>.<verb>`. Each service subscribes to its own in a queue group named
 * after the service, so starting another replica splits the load and nothing else changes.
 */
export const SERVICES = ['auth', 'crm', 'directory', 'sync'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const AuthPatterns = {
  ping: 'auth.health.ping',
  verifyApiKey: 'auth.api-keys.verify',
  listIntegratedAccounts: 'auth.integrated-accounts.list',
  getIntegratedAccount: 'auth.integrated-accounts.get',
  createAppOnlyAccount: 'auth.integrated-accounts.create',
  deleteIntegratedAccount: 'auth.integrated-accounts.delete',
  testIntegratedAccount: 'auth.integrated-accounts.test',
  createLinkToken: 'auth.link-tokens.create',
  connectBegin: 'auth.connect.begin',
  connectCallback: 'auth.connect.callback',
  connectChooseEnvironment: 'auth.connect.choose-environment',
  getCredentials: 'auth.credentials.get',
  refreshCredentials: 'auth.credentials.refresh',
  beginIdempotentRequest: 'auth.idempotency.begin',
  completeIdempotentRequest: 'auth.idempotency.complete',
  releaseIdempotentRequest: 'auth.idempotency.release',
} as const;

export { CrmPatterns } from './crm.patterns';
export { DirectoryPatterns } from './directory.patterns';
import { CrmPatterns } from './crm.patterns';
import { DirectoryPatterns } from './directory.patterns';
import { SyncPatterns } from '../sync/sync.patterns';

export const PING_PATTERNS: { readonly [Service in ServiceName]: string } = {
  auth: AuthPatterns.ping,
  crm: CrmPatterns.ping,
  directory: DirectoryPatterns.ping,
  sync: SyncPatterns.ping,
};

/** The queue group of a service: every replica of it joins the same one. */
export function queueGroupOf(service: ServiceName): string {
  return `${service}-service`;
}
