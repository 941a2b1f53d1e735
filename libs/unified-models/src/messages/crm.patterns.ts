/** crm-service: the Unified CRM API and the proxy (`crm.<resource>.<verb>`). */
export const CrmPatterns = {
  ping: 'crm.health.ping',
} as const;
