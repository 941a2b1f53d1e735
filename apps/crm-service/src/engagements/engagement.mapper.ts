import { ActivityPointerRow, DataverseRow, lookupLogicalName } from '@dua/dataverse-client';
import {
  EngagementDirection,
  EngagementDto,
  EngagementParticipantDto,
  EngagementParticipantRole,
  EngagementParticipantType,
  EngagementPriority,
  EngagementStatus,
  EngagementType,
} from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { numberOf, referenceOf, stateOf, text, typedReferenceOf } from '../common/record-fields';

/** Engagement type ← `activitytypecode`. Other activity tables (letter, fax, …) are not engagements. */
export const ENGAGEMENT_TYPES: Readonly<Record<string, EngagementType>> = {
  phonecall: EngagementType.CALL,
  email: EngagementType.EMAIL,
  appointment: EngagementType.MEETING,
  task: EngagementType.TASK,
};

/** `activitytypecode` ← engagement type. */
export const ACTIVITY_TYPE_CODES: Readonly<Record<EngagementType, string>> = {
  [EngagementType.CALL]: 'phonecall',
  [EngagementType.EMAIL]: 'email',
  [EngagementType.MEETING]: 'appointment',
  [EngagementType.TASK]: 'task',
};

/** Activity `statecode`: 0 Open, 1 Completed, 2 Canceled for every type; 3 Scheduled for appointments. */
export const ENGAGEMENT_STATES: Readonly<Record<number, EngagementStatus>> = {
  0: EngagementStatus.OPEN,
  1: EngagementStatus.COMPLETED,
  2: EngagementStatus.CANCELED,
  3: EngagementStatus.SCHEDULED,
};

/** `prioritycode`: 0 Low, 1 Normal, 2 High. */
export const ENGAGEMENT_PRIORITIES: Readonly<Record<number, EngagementPriority>> = {
  0: EngagementPriority.LOW,
  1: EngagementPriority.NORMAL,
  2: EngagementPriority.HIGH,
};

/** `participationtypemask` 1–7; the rest (8 Regarding, 9 Owner, 10 Resource, …) are not participants. */
export const PARTICIPANT_ROLES: Readonly<Record<number, EngagementParticipantRole>> = {
  1: EngagementParticipantRole.FROM,
  2: EngagementParticipantRole.TO,
  3: EngagementParticipantRole.CC,
  4: EngagementParticipantRole.BCC,
  5: EngagementParticipantRole.REQUIRED,
  6: EngagementParticipantRole.OPTIONAL,
  7: EngagementParticipantRole.ORGANIZER,
};

/** The highest `participationtypemask` that is a participant. */
export const MAX_PARTICIPANT_MASK = 7;

/** Participant type ← the table `_partyid_value` points to. */
const PARTY_TYPES: Readonly<Record<string, EngagementParticipantType>> = {
  contact: EngagementParticipantType.CONTACT,
  lead: EngagementParticipantType.LEAD,
  systemuser: EngagementParticipantType.USER,
  account: EngagementParticipantType.ACCOUNT,
};

/** Order of roles in `participants`: senders, recipients, organizer, attendees. */
const ROLE_ORDER: readonly EngagementParticipantRole[] = [
  EngagementParticipantRole.FROM,
  EngagementParticipantRole.TO,
  EngagementParticipantRole.CC,
  EngagementParticipantRole.BCC,
  EngagementParticipantRole.ORGANIZER,
  EngagementParticipantRole.REQUIRED,
  EngagementParticipantRole.OPTIONAL,
];

/**
 * What an activitypointer row does not carry: its parties (`activityparties`) and the columns of its own table
 * (`phonecalls.phonenumber`, `phonecalls|emails.directioncode`, `appointments.location`).
 */
export interface EngagementRelated {
  parties: readonly DataverseRow[];
  /** The row of the activity's own table, with the type-specific columns; absent for tasks. */
  details?: DataverseRow;
}

export type EngagementFields = ResourceFields<EngagementDto>;

/** The engagement type of an activitypointer row; null for activity tables that are not engagements. */
export function engagementTypeOf(row: DataverseRow): EngagementType | null {
  const code = row['activitytypecode'];
  return typeof code === 'string' ? (ENGAGEMENT_TYPES[code] ?? null) : null;
}

/** An activitypointer row, with its parties and type-specific columns, to the unified engagement. */
export function mapEngagement(row: Partial<ActivityPointerRow> & DataverseRow, related: EngagementRelated = { parties: [] }): EngagementFields {
  const type = engagementTypeOf(row) as EngagementType;
  const fromRelated = relatedFieldsOf(type, related, row);
  return {
    type,
    subject: text(row, 'subject'),
    content: text(row, 'description'),
    direction: fromRelated.direction,
    status: stateOf(row, ENGAGEMENT_STATES),
    start_time: text(row, 'actualstart') ?? text(row, 'scheduledstart'),
    end_time: text(row, 'actualend') ?? text(row, 'scheduledend'),
    duration_minutes: numberOf(row, 'actualdurationminutes') ?? numberOf(row, 'scheduleddurationminutes'),
    priority: priorityOf(row),
    related_to: typedReferenceOf(row, '_regardingobjectid_value'),
    participants: fromRelated.participants,
    owner: referenceOf(row, '_ownerid_value'),
    phone_number: fromRelated.phone_number,
    location: fromRelated.location,
  };
}

type RelatedFields = Pick<EngagementFields, 'direction' | 'participants' | 'phone_number' | 'location'>;

/** The fields that come from the parties and the activity's own table (or, where an org has them, the row itself). */
export function relatedFieldsOf(type: EngagementType | null, related: EngagementRelated, row: DataverseRow = {}): RelatedFields {
  const details = related.details ?? row;
  return {
    direction: type === EngagementType.CALL || type === EngagementType.EMAIL ? directionOf(details) : null,
    participants: participantsOf(related.parties),
    phone_number: type === EngagementType.CALL ? text(details, 'phonenumber') : null,
    location: type === EngagementType.MEETING ? text(details, 'location') : null,
  };
}

/** A record mapped from its activitypointer row alone, completed with its related rows. */
export function withRelated<Record extends EngagementFields>(record: Record, related: EngagementRelated | undefined): Record {
  return related ? { ...record, ...relatedFieldsOf(record.type, related) } : record;
}

/** `directioncode`: true Outgoing, false Incoming. */
function directionOf(row: DataverseRow): EngagementDirection | null {
  const code = row['directioncode'];
  if (typeof code !== 'boolean') return null;
  return code ? EngagementDirection.OUTBOUND : EngagementDirection.INBOUND;
}

function priorityOf(row: DataverseRow): EngagementPriority | null {
  const code = row['prioritycode'];
  return typeof code === 'number' ? (ENGAGEMENT_PRIORITIES[code] ?? null) : null;
}

/**
 * Activity parties to participants, ordered by role (stable within a role). A party that is a record gives its
 * `type` and `id`; one that is only an address Dataverse could not resolve is an `email_address`. Parties that are
 * not participants (regarding, owner, resource, …) and parties of other tables (queues, …) without an address are left out.
 */
export function participantsOf(parties: readonly DataverseRow[]): EngagementParticipantDto[] {
  const participants: EngagementParticipantDto[] = [];
  for (const party of parties) {
    const mask = party['participationtypemask'];
    const role = typeof mask === 'number' ? PARTICIPANT_ROLES[mask] : undefined;
    if (!role) continue;
    const email = text(party, 'addressused');
    const id = party['_partyid_value'];
    const table = lookupLogicalName(party, '_partyid_value');
    const type = table ? PARTY_TYPES[table] : undefined;
    const participant: EngagementParticipantDto = typeof id === 'string' && type ? { role, type, id } : { role, type: EngagementParticipantType.EMAIL_ADDRESS };
    if (participant.type === EngagementParticipantType.EMAIL_ADDRESS && email === null) continue;
    if (email !== null) participant.email = email;
    participants.push(participant);
  }
  return participants.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}
