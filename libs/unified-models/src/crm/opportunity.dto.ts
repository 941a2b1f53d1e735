import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CrmRecordDto, ReferenceDto, TypedReferenceDto } from './crm-common.dto';
import { CrmListQueryDto } from './crm-query.dto';

export enum OpportunityStatus {
  OPEN = 'open',
  WON = 'won',
  LOST = 'lost',
}

/** A potential sale (Dataverse `opportunity`). */
export class OpportunityDto extends CrmRecordDto {
  name: string | null;
  description: string | null;
  /** Estimated revenue. */
  amount: number | null;
  /** ISO 4217 code of `amount`. */
  currency: string | null;
  /** 0–100. */
  probability: number | null;
  /** Estimated close date (`YYYY-MM-DD`). */
  close_date: string | null;
  /** The pipeline step name (`stepname`), e.g. `1-Qualify`. */
  stage: string | null;
  status: OpportunityStatus | null;
  account: ReferenceDto | null;
  contact: ReferenceDto | null;
  /** The potential customer: an account or a contact. */
  customer: TypedReferenceDto | null;
  owner: ReferenceDto | null;
  originating_lead: ReferenceDto | null;
}

export class ListOpportunitiesQueryDto extends CrmListQueryDto {
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @IsOptional()
  @IsEnum(OpportunityStatus)
  status?: OpportunityStatus;

  /** The pipeline step name, matched exactly. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stage?: string;
}
