import { ACCOUNT_TABLE, AccountRow } from '@dua/dataverse-client';
import { AccountDto, ListAccountsQueryDto } from '@dua/unified-models';
import { CrmResource } from '../common/crm-resource';
import { mapAccount } from './account.mapper';

export const ACCOUNTS: CrmResource<AccountRow, AccountDto, ListAccountsQueryDto> = {
  name: 'accounts',
  table: ACCOUNT_TABLE,
  nameColumn: 'name',
  usesCurrencies: true,
  map: (row, { currencyCodes }) => mapAccount(row, currencyCodes),
};
