import { Counter } from 'prom-client';

/** Access tokens asked of Entra ID for integrated accounts (a refresh or a new client-credentials grant). */
export const entraTokenRequests = new Counter({
  name: 'entra_token_requests_total',
  help: 'Access tokens requested from Microsoft Entra ID for integrated accounts, by grant type.',
  labelNames: ['grant_type'] as const,
});
