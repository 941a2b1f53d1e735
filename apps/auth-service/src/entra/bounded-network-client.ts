import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * msal-node's network client with a deadline: every request of one msal operation (metadata, the token request and
 * msal's own retry of a 5xx) ends by `deadline`, or fails as a network error that `entraFailure` reports as
 * `UPSTREAM_UNAVAILABLE`. msal-node's default client sets no timeout on POSTs, so a stalled token endpoint would hold
 * the request that waits for it until its caller gave up. One instance per operation (our msal applications are too).
 */
export class BoundedNetworkClient implements INetworkModule {
  private readonly deadline: number;

  constructor(timeoutMs: number) {
    this.deadline = Date.now() + timeoutMs;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(url: string, method: 'GET' | 'POST', options: NetworkRequestOptions = {}, timeout?: number): Promise<NetworkResponse<T>> {
    const remainingMs = Math.min(this.deadline - Date.now(), timeout ?? Number.POSITIVE_INFINITY);
    if (remainingMs <= 0) throw new EntraTimeoutError();
    let response: Response;
    let body: T;
    try {
      response = await fetch(url, {
        method,
        headers: options.headers,
        body: method === 'POST' ? (options.body ?? '') : undefined,
        signal: AbortSignal.timeout(remainingMs),
      });
      body = (await response.json()) as T;
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw new EntraTimeoutError();
      throw error;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    return { headers, body, status: response.status };
  }
}

/** Entra did not answer within the operation's time (`ENTRA_TIMEOUT_MS`). */
export class EntraTimeoutError extends Error {
  constructor() {
    super('Microsoft Entra ID did not answer in time');
    this.name = 'EntraTimeoutError';
  }
}
