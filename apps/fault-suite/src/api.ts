import type { Stack } from '@dua/testing';

/** A GET on the stack's gateway with an API key: what every scenario's clients send. */
export function apiGet(stack: Stack, apiKey: string, path: string): Promise<Response> {
  return fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
}

/** A page of the account's contacts through the unified API. */
export const contactsOf = (account: string, limit: number) => `/unified/crm/contacts?integrated_account_id=${account}&limit=${limit}`;
