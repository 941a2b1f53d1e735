import { createClient, createConfig, type Client } from './generated/client';

export * from './generated';
export * from './webhooks/verify-webhook';

export interface ApiClientOptions {
  /** The gateway's base URL, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** Your environment's API key. */
  apiKey?: string;
  fetch?: typeof fetch;
}

/** A client for the Unified API; pass it as `client` to any SDK function. */
export function createApiClient(options: ApiClientOptions): Client {
  return createClient(createConfig({ baseUrl: options.baseUrl, auth: options.apiKey, fetch: options.fetch }));
}
