import { DataverseRow, SystemUserRow } from '@dua/dataverse-client';
import { CrmUserDto } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { text } from '../common/record-fields';

export function mapCrmUser(row: Partial<SystemUserRow> & DataverseRow): ResourceFields<CrmUserDto> {
  return {
    name: text(row, 'fullname'),
    first_name: text(row, 'firstname'),
    last_name: text(row, 'lastname'),
    email: text(row, 'internalemailaddress'),
    title: text(row, 'title'),
    is_active: row['isdisabled'] !== true,
  };
}
