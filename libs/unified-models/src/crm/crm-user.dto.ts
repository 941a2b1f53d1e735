import { CrmRecordDto } from './crm-common.dto';
import { CrmListQueryDto } from './crm-query.dto';

/** A Dataverse user (`systemuser`) as the CRM sees it: owner of records. */
export class CrmUserDto extends CrmRecordDto {
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  title: string | null;
  is_active: boolean;
}

export class ListCrmUsersQueryDto extends CrmListQueryDto {}
