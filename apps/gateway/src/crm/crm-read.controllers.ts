import { CrmAccountsController } from './crm-accounts.controller';
import { CrmContactsController } from './crm-contacts.controller';
import { CrmFieldsController } from './crm-fields.controller';
import { CrmLeadsController } from './crm-leads.controller';
import { CrmOpportunitiesController } from './crm-opportunities.controller';
import { CrmUsersController } from './crm-users.controller';

/** The read routes of the Unified CRM API (`GET /unified/crm/{resource}[/{id}]`). */
export const CRM_READ_CONTROLLERS = [
  CrmContactsController,
  CrmAccountsController,
  CrmLeadsController,
  CrmOpportunitiesController,
  CrmUsersController,
  CrmFieldsController,
];
