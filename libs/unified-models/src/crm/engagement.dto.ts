import { IsEnum, IsOptional } from 'class-validator';
import { CrmRecordDto, ReferenceDto, TypedReferenceDto } from './crm-common.dto';
import { RelatedRecordQueryDto } from './crm-query.dto';

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
