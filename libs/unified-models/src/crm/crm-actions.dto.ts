import { Type as NestType } from '@nestjs/common';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { AccountDto } from './account.dto';
import { ContactDto } from './contact.dto';
import { IDEMPOTENCY_KEY_PATTERN, IsAmount, NestedPayload } from './crm-write.dto';
import { LeadDto } from './lead.dto';
import { OpportunityDto } from './opportunity.dto';

/*
 * The state changes Dataverse makes only through actions (API.md "Actions and bulk writes"): qualifying a lead,
 * winning or losing an opportunity. Each answers the unified records it touched.
 */

/** `POST /unified/crm/leads/{id}/qualify`: which records to create from the lead (each defaults to true). */
export class QualifyLeadDto {
  @IsOptional()
  @IsBoolean()
  create_account?: boolean;

  @IsOptional()
  @IsBoolean()
  create_contact?: boolean;

  @IsOptional()
  @IsBoolean()
  create_opportunity?: boolean;

  /** The lead's `statuscode` once qualified (default 3 Qualified). */
  @IsOptional()
  @IsInt()
  status_reason?: number;
}

/** What closing an opportunity records in its `opportunityclose` activity. */
class CloseOpportunityDto {
  /** The actual close date (`actualend`), ISO 8601; default now. */
  @IsOptional()
  @IsISO8601()
  close_date?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The opportunity's `statuscode` once closed (default 3 Won, 4 Canceled). */
  @IsOptional()
  @IsInt()
  status_reason?: number;
}

/** `POST /unified/crm/opportunities/{id}/win`. */
export class WinOpportunityDto extends CloseOpportunityDto {
  /** The revenue actually won (`actualrevenue`). */
  @IsOptional()
  @IsAmount(4)
  @Min(0)
  actual_amount?: number;
}

/** `POST /unified/crm/opportunities/{id}/lose`. */
export class LoseOpportunityDto extends CloseOpportunityDto {
  /** The competitor that won the deal. */
  @IsOptional()
  @IsUUID()
  competitor_id?: string;
}

/** What qualifying a lead answers: the lead, closed as qualified, and the records created from it. */
export class QualifiedLeadDto {
  lead: LeadDto;
  account?: AccountDto;
  contact?: ContactDto;
  opportunity?: OpportunityDto;
}

/** The NATS payload of an action on one record: the record's id, the action's parameters, the caller's key. */
export interface CrmActionRequest<Data> {
  integrated_account_id: string;
  id: string;
  data: Data;
  idempotency_key?: string;
}

/** The NATS payload class of `crm.<resource>.<action>` for one action's parameters. */
export function CrmActionRequestDto<Data>(data: NestType<Data>): NestType<CrmActionRequest<Data>> {
  class ActionRequest {
    @IsUUID()
    integrated_account_id: string;

    @IsUUID()
    id: string;

    @NestedPayload(data)
    data: Data;

    @IsOptional()
    @Matches(IDEMPOTENCY_KEY_PATTERN)
    idempotency_key?: string;
  }
  Object.defineProperty(ActionRequest, 'name', { value: `${data.name.replace(/Dto$/, '')}Request` });
  return ActionRequest;
}

export class QualifyLeadRequestDto extends CrmActionRequestDto(QualifyLeadDto) {}
export class WinOpportunityRequestDto extends CrmActionRequestDto(WinOpportunityDto) {}
export class LoseOpportunityRequestDto extends CrmActionRequestDto(LoseOpportunityDto) {}
