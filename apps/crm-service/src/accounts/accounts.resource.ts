import { ACCOUNT_TABLE, AccountRow } from '@dua/dataverse-client';
import { AccountDto, ListAccountsQueryDto, UpdateAccountDto } from '@dua/unified-models';
import { CrmWritableResource, requireFields } from '../common/crm-resource';
import { mapAccount, unmapAccount } from './account.mapper';

export const ACCOUNTS: CrmWritableResource<AccountRow, AccountDto, UpdateAccountDto, ListAccountsQueryDto> = {
  name: 'accounts',
  table: ACCOUNT_TABLE,
  nameColumn: 'name',
  usesCurrencies: true,
  map: (row, context) => mapAccount(row, context),
  write: {
    unmap: (input, { currencyIds }) => unmapAccount(input, currencyIds),
    missingOnCreate: (input) => requireFields(input, 'name'),
  },
};
