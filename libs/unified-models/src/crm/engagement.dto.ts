import { Type } from 'class-transformer';
import { IsEmail, IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CrmRecordDto, ReferenceDto, TypedReferenceDto } from './crm-common.dto';
import { RelatedRecordQueryDto } from './crm-query.dto';
import { CrmCreateRequestDto, CrmUpdateRequestDto, CrmWriteDto, ListOf, ReferenceInput, ReferenceInputDto } from './crm-write.dto';

/** The kind of activity: `call` (phonecall), `email`, `meeting` (appointment), `task`. */
export enum EngagementType {
  CALL = 'call',
  EMAIL = 'email',
  MEETING = 'meeting',
  TASK = 'task',
}

export enum EngagementDirection {
  INBOUND = 'inbound',
  OUTBOUND = 'outbound',
}

/** From the activity's `statecode`; `scheduled` only for meetings. */
export enum EngagementStatus {
  OPEN = 'open',
  COMPLETED = 'completed',
  CANCELED = 'canceled',
  SCHEDULED = 'scheduled',
}

/** From `prioritycode`: 0 Low, 1 Normal, 2 High. */
export enum EngagementPriority {
  LOW = 'low',
  NORMAL = 'normal',
  HIGH = 'high',
}

/** The part a participant plays (Dataverse `participationtypemask` 1–7). */
export enum EngagementParticipantRole {
  FROM = 'from',
  TO = 'to',
  CC = 'cc',
  BCC = 'bcc',
  REQUIRED = 'required',
  OPTIONAL = 'optional',
  ORGANIZER = 'organizer',
}

/** What a participant is: a CRM record, or only an email address Dataverse could not resolve to one. */
export enum EngagementParticipantType {
  CONTACT = 'contact',
  LEAD = 'lead',
  USER = 'user',
  ACCOUNT = 'account',
  EMAIL_ADDRESS = 'email_address',
}

/** A party of the activity (Dataverse `activityparty`). */
export class EngagementParticipantDto {
  role: EngagementParticipantRole;
  type: EngagementParticipantType;
  /** The record's id; absent for `email_address`. */
  id?: string;
  /** The address used for this participant (`addressused`), when Dataverse has one. */
  email?: string;
}

/** A call, email, meeting or task (Dataverse `activitypointer` and its `phonecall`, `email`, `appointment`, `task` tables). */
export class EngagementDto extends CrmRecordDto {
  type: EngagementType;
  subject: string | null;
  /** The activity's description (HTML for emails). */
  content: string | null;
  /** Calls and emails only (`directioncode`); null for meetings and tasks. */
  direction: EngagementDirection | null;
  status: EngagementStatus | null;
  /** `actualstart` when the activity happened, else `scheduledstart`. */
  start_time: string | null;
  /** `actualend` when the activity happened, else `scheduledend` (a task's due date). */
  end_time: string | null;
  /** `actualdurationminutes`, else `scheduleddurationminutes`. */
  duration_minutes: number | null;
  priority: EngagementPriority | null;
  /** The record the activity is regarding; `type` is its Dataverse table: `contact`, `account`, `lead` or `opportunity`. */
  related_to: TypedReferenceDto | null;
  /** Ordered by role: from, to, cc, bcc, organizer, required, optional (Dataverse's order within a role). */
  participants: EngagementParticipantDto[];
  owner: ReferenceDto | null;
  /** Calls only. */
  phone_number: string | null;
  /** Meetings only. */
  location: string | null;
}

/** Filters by the record an engagement is regarding (`regardingobjectid`). */
export class ListEngagementsQueryDto extends RelatedRecordQueryDto {
  @IsOptional()
  @IsEnum(EngagementType)
  type?: EngagementType;
}

/** The kinds of record an engagement or a note can be about. */
export enum RelatedRecordType {
  CONTACT = 'contact',
  ACCOUNT = 'account',
  LEAD = 'lead',
  OPPORTUNITY = 'opportunity',
}

/** The record an engagement or a note is about: its id and its table. */
export class RelatedToInputDto {
  @IsUUID()
  id: string;

  @IsEnum(RelatedRecordType)
  type: RelatedRecordType;
}

/** A participant to write: a record (`id`) of its `type`, or a bare address (`type: email_address`, `email`). */
export class EngagementParticipantInputDto {
  @IsEnum(EngagementParticipantRole)
  role: EngagementParticipantRole;

  @IsEnum(EngagementParticipantType)
  type: EngagementParticipantType;

  /** Required for a record; not allowed for `email_address`. */
  @ValidateIf((participant: EngagementParticipantInputDto) => participant.type !== EngagementParticipantType.EMAIL_ADDRESS)
  @IsUUID()
  id?: string;

  /** Required for `email_address`; for a record, the address to use instead of its primary one. */
  @ValidateIf((participant: EngagementParticipantInputDto) => participant.type === EngagementParticipantType.EMAIL_ADDRESS || participant.email !== undefined)
  @IsEmail()
  @MaxLength(200)
  email?: string;
}

/** `PATCH /unified/crm/engagements/{id}`: any subset; `type` is fixed at creation. */
export class UpdateEngagementDto extends CrmWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  content?: string | null;

  /** Calls and emails only. */
  @IsOptional()
  @IsEnum(EngagementDirection)
  direction?: EngagementDirection | null;

  /** `scheduled` for meetings only. */
  @IsOptional()
  @IsEnum(EngagementStatus)
  status?: EngagementStatus;

  /** ISO 8601 (`scheduledstart`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  start_time?: string | null;

  /** ISO 8601 (`scheduledend`; a task's due date). */
  @IsOptional()
  @IsISO8601({ strict: true })
  end_time?: string | null;

  /** `actualdurationminutes`. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  duration_minutes?: number | null;

  @IsOptional()
  @IsEnum(EngagementPriority)
  priority?: EngagementPriority | null;

  /** The record the engagement is about (its `regardingobjectid`). */
  @IsOptional()
  @ValidateNested()
  @Type(() => RelatedToInputDto)
  related_to?: RelatedToInputDto | null;

  /** Replaces every participant (none on tasks). Roles: calls from/to, emails from/to/cc/bcc, meetings organizer/required/optional. */
  @ListOf(() => EngagementParticipantInputDto, 500)
  participants?: EngagementParticipantInputDto[];

  @ReferenceInput()
  owner?: ReferenceInputDto | null;

  /** Calls only. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  phone_number?: string | null;

  /** Meetings only. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string | null;
}

/** `POST /unified/crm/engagements`: `type` and `subject` are required. */
export class CreateEngagementDto extends UpdateEngagementDto {
  @IsEnum(EngagementType)
  type: EngagementType;
}

export class CreateEngagementRequestDto extends CrmCreateRequestDto(CreateEngagementDto) {}
export class UpdateEngagementRequestDto extends CrmUpdateRequestDto(UpdateEngagementDto) {}
