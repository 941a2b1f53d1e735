/** sync-service: the change feed and webhooks (`sync.<resource>.<verb>`). */
export const SyncPatterns = {
  ping: 'sync.health.ping',
  listChanges: 'sync.changes.list',
  createWebhook: 'sync.webhooks.create',
  listWebhooks: 'sync.webhooks.list',
  getWebhook: 'sync.webhooks.get',
  updateWebhook: 'sync.webhooks.update',
  deleteWebhook: 'sync.webhooks.delete',
  listDeliveries: 'sync.webhooks.deliveries',
  retryDelivery: 'sync.webhooks.retry',
} as const;

/**
 * crm-service's side of the change feed: one page of Dataverse change tracking for a resource, mapped to unified
 * records by the same resource definitions as the reads (sync-service keeps no mapper of its own).
 */
export const CrmChangesPatterns = {
  read: 'crm.changes.read',
} as const;
