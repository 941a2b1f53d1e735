import { ConfigReader, TimeoutChain } from '@dua/service-kit';

export interface EntraConfig {
  /** Our multi-tenant app registration (delegated connect). Unset: only app-only connections are possible. */
  clientId?: string;
  clientSecret?: string;
  /** `https://login.microsoftonline.com`, or the emulator's base URL (plain http is pinned through metadata). */
  authorityUrl: string;
  /** `organizations` for a multi-tenant app. */
  tenant: string;
  /** `https://globaldisco.crm.dynamics.com`, or the emulator's base URL. */
  discoveryUrl: string;
  /**
   * One operation against Entra (a token request, with msal's own retry and metadata requests) ends within this:
   * the chain's `entraCallMs`, shorter than a service's wait for auth-service (`ENTRA_TIMEOUT_MS` may shorten it).
   */
  callTimeoutMs: number;
}

export function readEntraConfig(reader: ConfigReader, timeouts: TimeoutChain): EntraConfig {
  return {
    clientId: reader.optionalString('ENTRA_CLIENT_ID'),
    clientSecret: reader.optionalString('ENTRA_CLIENT_SECRET'),
    authorityUrl: reader.url('ENTRA_AUTHORITY_URL', 'https://login.microsoftonline.com').replace(/\/+$/, ''),
    tenant: reader.string('ENTRA_TENANT', 'organizations'),
    discoveryUrl: reader.url('GLOBAL_DISCOVERY_URL', 'https://globaldisco.crm.dynamics.com').replace(/\/+$/, ''),
    callTimeoutMs: timeouts.entraCallMs,
  };
}
