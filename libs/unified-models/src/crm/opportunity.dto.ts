import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CrmWriteDto, CustomerReferenceInputDto, ReferenceInput, ReferenceInputDto, CrmCreateRequestDto, CrmUpdateRequestDto, IsAmount } from './crm-write.dto';
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

/** The statuses an opportunity can be written to; `won` and `lost` are reached through its `win` and `lose` actions. */
export const WRITABLE_OPPORTUNITY_STATUSES = [OpportunityStatus.OPEN] as const;

/** The writable fields of an opportunity. */
export class UpdateOpportunityDto extends CrmWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @IsOptional()
  @IsAmount(4)
  @Min(-1_000_000_000_000)
  @Max(1_000_000_000_000)
  amount?: number | null;

  /** ISO 4217 code of one of the org's currencies. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency?: string | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number | null;

  /** A date (`YYYY-MM-DD`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  close_date?: string | null;

  /** The pipeline step name. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stage?: string | null;

  /** Only `open` (reopening is an action too); `won` and `lost` are reached through `POST /unified/crm/opportunities/{id}/win` or `/lose`. */
  @IsOptional()
  @IsIn(WRITABLE_OPPORTUNITY_STATUSES, { message: 'status cannot be written: an opportunity is won or lost through POST /unified/crm/opportunities/{id}/win or /lose' })
  @ApiProperty({ required: false, enum: WRITABLE_OPPORTUNITY_STATUSES })
  status?: OpportunityStatus;

  @ReferenceInput()
  account?: ReferenceInputDto | null;

  @ReferenceInput()
  contact?: ReferenceInputDto | null;

  /** The potential customer: an account or a contact. */
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerReferenceInputDto)
  customer?: CustomerReferenceInputDto | null;

  @ReferenceInput()
  owner?: ReferenceInputDto | null;

  @ReferenceInput()
  originating_lead?: ReferenceInputDto | null;
}

/** A new opportunity: `name` is required. */
export class CreateOpportunityDto extends UpdateOpportunityDto {
  @ApiProperty({ type: String, maxLength: 300 })
  declare name: string;
}

/** `crm.opportunities.create` (NATS payload). */
export class CreateOpportunityRequestDto extends CrmCreateRequestDto(CreateOpportunityDto) {}

/** `crm.opportunities.update` (NATS payload). */
export class UpdateOpportunityRequestDto extends CrmUpdateRequestDto(UpdateOpportunityDto) {}
