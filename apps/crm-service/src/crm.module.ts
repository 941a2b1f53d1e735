import { DynamicModule, Module } from '@nestjs/common';
import { AccountAccessModule } from '@dua/account-access';
import { CursorCodec } from '@dua/service-kit';
import { CrmServiceConfig } from './config/crm.config';
import { AccountsHandler } from './accounts/accounts.handler';
import { crmReadProviders, crmWriteProviders } from './common/crm-read.providers';
import { ContactsHandler } from './contacts/contacts.handler';
import { FieldsHandler } from './fields/fields.handler';
import { FieldsService } from './fields/fields.service';
import { HealthHandler } from './health/health.handler';
import { LeadsHandler } from './leads/leads.handler';
import { OpportunitiesHandler } from './opportunities/opportunities.handler';
import { UsersHandler } from './users/users.handler';
import { ProxyHandler } from './proxy/proxy.handler';
import { ProxyService } from './proxy/proxy.service';
import { EngagementsHandler } from './engagements/engagements.handler';
import { EngagementsService } from './engagements/engagements.service';
import { EngagementWriter } from './engagements/engagement-writer';
import { NotesHandler } from './notes/notes.handler';
import { ChangesHandler } from './changes/changes.handler';
import { ChangesService } from './changes/changes.service';
import { NotesService } from './notes/notes.service';
import { CrmActionsHandler } from './actions/crm-actions.handler';
import { BulkWriteHandler } from './common/bulk-write.handler';
import { BulkWriter } from './common/bulk-writer';
import { CrmActionsService } from './actions/crm-actions.service';

@Module({})
export class CrmModule {
  static register(config: CrmServiceConfig): DynamicModule {
    return {
      module: CrmModule,
      imports: [AccountAccessModule.register('crm', process.env, { timeouts: config.timeouts })],
      controllers: [HealthHandler, ProxyHandler, ContactsHandler, AccountsHandler, LeadsHandler, OpportunitiesHandler, UsersHandler, FieldsHandler, EngagementsHandler, NotesHandler, ChangesHandler, CrmActionsHandler, BulkWriteHandler],
      providers: [ProxyService, { provide: CursorCodec, useValue: new CursorCodec(config.cursorSigningKey) }, ...crmReadProviders(config), ...crmWriteProviders(config), FieldsService, EngagementsService, EngagementWriter, NotesService, CrmActionsService, BulkWriter, ChangesService],
    };
  }
}
