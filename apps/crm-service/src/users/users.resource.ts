import { SYSTEM_USER_TABLE, SystemUserRow } from '@dua/dataverse-client';
import { CrmUserDto, ListCrmUsersQueryDto } from '@dua/unified-models';
import { CrmResource } from '../common/crm-resource';
import { mapCrmUser } from './crm-user.mapper';

export const USERS: CrmResource<SystemUserRow, CrmUserDto, ListCrmUsersQueryDto> = {
  name: 'users',
  table: SYSTEM_USER_TABLE,
  nameColumn: 'fullname',
  map: (row) => mapCrmUser(row),
};
