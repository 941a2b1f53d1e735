import { AuthPatterns, CrmPatterns, DirectoryPatterns, SyncPatterns } from '@dua/unified-models';
import { isIdempotentRead } from './idempotent-patterns';

describe('which operations the gateway may send to a second replica', () => {
  it('takes reads for idempotent', () => {
    for (const pattern of ['crm.contacts.list', 'crm.contacts.get', CrmPatterns.getNoteAttachment, DirectoryPatterns.listUsers, AuthPatterns.verifyApiKey, SyncPatterns.listChanges, SyncPatterns.listDeliveries]) {
      expect([pattern, isIdempotentRead(pattern)]).toEqual([pattern, true]);
    }
  });

  it('never takes a write, an action or the proxy for idempotent', () => {
    const writes = ['crm.contacts.create', 'crm.contacts.update', 'crm.contacts.delete', 'crm.leads.qualify', 'crm.opportunities.win', 'crm.records.batch', 'crm.proxy.forward'];
    for (const pattern of [...writes, AuthPatterns.createLinkToken, AuthPatterns.connectCallback, AuthPatterns.testIntegratedAccount, SyncPatterns.retryDelivery, SyncPatterns.createWebhook]) {
      expect([pattern, isIdempotentRead(pattern)]).toEqual([pattern, false]);
    }
  });
});
