import { DataverseRow } from '@dua/dataverse-client';
import { EngagementDirection, EngagementParticipantInputDto, EngagementParticipantRole, EngagementParticipantType, EngagementType, UpdateEngagementDto } from '@dua/unified-models';
import { ReferenceColumn, writeColumns, writeReference, writeState } from '../common/record-fields';
import { WritePlan } from '../common/write-plan';
import { ENGAGEMENT_PRIORITIES, ENGAGEMENT_STATES, PARTICIPANT_ROLES } from './engagement.mapper';

/**
 * The table each engagement type is written to, its parties' collection-valued navigation property, the roles it has
 * party lists for, and the default `statuscode` of each `statecode` (from Microsoft's entity reference of each table:
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/phonecall, …/email,
 * …/appointment, …/task).
 */
export const ENGAGEMENT_TABLES: Readonly<Record<EngagementType, EngagementTable>> = {
  [EngagementType.CALL]: {
    logicalName: 'phonecall',
    entitySet: 'phonecalls',
    parties: 'phonecall_activity_parties',
    roles: [EngagementParticipantRole.FROM, EngagementParticipantRole.TO],
    defaultReasons: { 0: 1, 1: 2, 2: 3 },
  },
  [EngagementType.EMAIL]: {
    logicalName: 'email',
    entitySet: 'emails',
    parties: 'email_activity_parties',
    roles: [EngagementParticipantRole.FROM, EngagementParticipantRole.TO, EngagementParticipantRole.CC, EngagementParticipantRole.BCC],
    defaultReasons: { 0: 1, 1: 2, 2: 5 },
  },
  [EngagementType.MEETING]: {
    logicalName: 'appointment',
    entitySet: 'appointments',
    parties: 'appointment_activity_parties',
    roles: [EngagementParticipantRole.ORGANIZER, EngagementParticipantRole.REQUIRED, EngagementParticipantRole.OPTIONAL],
    defaultReasons: { 0: 1, 1: 3, 2: 4, 3: 5 },
  },
  [EngagementType.TASK]: { logicalName: 'task', entitySet: 'tasks', parties: 'task_activity_parties', roles: [], defaultReasons: { 0: 2, 1: 5, 2: 6 } },
};

export interface EngagementTable {
  logicalName: string;
  entitySet: string;
  /** The collection of the activity's `activityparty` rows, e.g. `phonecall_activity_parties`. */
  parties: string;
  /** The participant roles this table has party lists for (none: a task takes no participants). */
  roles: readonly EngagementParticipantRole[];
  defaultReasons: Readonly<Record<number, number>>;
}

/** Unified text and time fields ← activity column, both ways (the read side falls back to these when `actual*` is empty). */
const VALUE_COLUMNS = {
  subject: 'subject',
  content: 'description',
  start_time: 'scheduledstart',
  end_time: 'scheduledend',
  duration_minutes: 'actualdurationminutes',
} as const;

const OWNER: ReferenceColumn = { lookup: 'ownerid', target: 'systemuser' };
const REGARDING_LOOKUP = 'regardingobjectid';

/** The table a participant of each kind points to (`activityparty.partyid`). */
export const PARTY_TABLES: Readonly<Record<Exclude<EngagementParticipantType, EngagementParticipantType.EMAIL_ADDRESS>, string>> = {
  [EngagementParticipantType.CONTACT]: 'contact',
  [EngagementParticipantType.LEAD]: 'lead',
  [EngagementParticipantType.USER]: 'systemuser',
  [EngagementParticipantType.ACCOUNT]: 'account',
};

const MASK_OF_ROLE = Object.fromEntries(Object.entries(PARTICIPANT_ROLES).map(([mask, role]) => [role, Number(mask)])) as Record<EngagementParticipantRole, number>;
const PRIORITY_CODES = Object.fromEntries(Object.entries(ENGAGEMENT_PRIORITIES).map(([code, priority]) => [priority, Number(code)]));

/** One activity party to write: a record (`partyid` bound to `target(id)`) or a bare address. */
export interface PartyWrite {
  field: string;
  participationtypemask: number;
  target?: string;
  id?: string;
  addressused?: string;
}

/** What an engagement write sends: the activity's columns and lookups, and (when given) the whole party list. */
export interface EngagementWrite {
  plan: WritePlan;
  parties?: PartyWrite[];
}

/** The unified engagement (any subset of its writable fields) to the columns and parties of its type's table. */
export function unmapEngagement(input: UpdateEngagementDto, type: EngagementType): EngagementWrite {
  const table = ENGAGEMENT_TABLES[type];
  const plan = new WritePlan();
  writeColumns(plan, input, VALUE_COLUMNS);
  if (input.priority !== undefined) plan.column('prioritycode', input.priority === null ? null : PRIORITY_CODES[input.priority]);
  writeReference(plan, 'owner', input.owner, OWNER);
  if (input.related_to !== undefined) {
    plan.lookup({ field: 'related_to', lookup: REGARDING_LOOKUP, target: input.related_to?.type ?? 'account', id: input.related_to?.id ?? null });
  }
  writeOnlyFor(plan, input, type, 'direction', [EngagementType.CALL, EngagementType.EMAIL], (direction) => ['directioncode', direction === null ? null : direction === EngagementDirection.OUTBOUND]);
  writeOnlyFor(plan, input, type, 'phone_number', [EngagementType.CALL], (value) => ['phonenumber', value]);
  writeOnlyFor(plan, input, type, 'location', [EngagementType.MEETING], (value) => ['location', value]);
  if (input.status === 'scheduled' && type !== EngagementType.MEETING) plan.refuse('status', 'scheduled applies to meetings only');
  else writeState(plan, input.status, undefined, ENGAGEMENT_STATES, table.defaultReasons);
  return { plan, parties: input.participants === undefined ? undefined : partiesOf(plan, input.participants, type) };
}

function writeOnlyFor<Field extends 'direction' | 'phone_number' | 'location'>(
  plan: WritePlan,
  input: UpdateEngagementDto,
  type: EngagementType,
  field: Field,
  types: readonly EngagementType[],
  column: (value: NonNullable<UpdateEngagementDto[Field]> | null) => [string, unknown],
): void {
  const value = input[field];
  if (value === undefined) return;
  if (!types.includes(type)) {
    plan.refuse(field, `${field} applies to ${types.map((allowed) => allowed + 's').join(' and ')} only`);
    return;
  }
  plan.column(...column(value as NonNullable<UpdateEngagementDto[Field]> | null));
}

/** Participants to parties; a role the table has no party list for (any role on a task) is refused, naming the item. */
function partiesOf(plan: WritePlan, participants: readonly EngagementParticipantInputDto[], type: EngagementType): PartyWrite[] {
  const { roles } = ENGAGEMENT_TABLES[type];
  if (roles.length === 0 && participants.length > 0) {
    plan.refuse('participants', `a ${type} takes no participants`);
    return [];
  }
  return participants.flatMap((participant, index) => {
    const field = `participants.${index}`;
    if (!roles.includes(participant.role)) {
      plan.refuse(`${field}.role`, `a ${type} has no ${participant.role} participants (allowed: ${roles.join(', ')})`);
      return [];
    }
    const party: PartyWrite = { field, participationtypemask: MASK_OF_ROLE[participant.role] };
    if (participant.type === EngagementParticipantType.EMAIL_ADDRESS) {
      if (participant.id !== undefined) plan.refuse(`${field}.id`, 'an email_address participant has no id');
    } else {
      party.target = PARTY_TABLES[participant.type];
      party.id = participant.id;
    }
    if (participant.email !== undefined) party.addressused = participant.email;
    return [party];
  });
}

/** The parties as `activityparty` bodies, `partyid` bound through the navigation property the org's metadata names. */
export function partyBodies(parties: readonly PartyWrite[], bindingOf: (target: string, id: string) => Record<string, string | null> | undefined, plan: WritePlan): DataverseRow[] {
  return parties.map((party) => {
    const body: DataverseRow = { participationtypemask: party.participationtypemask };
    if (party.addressused !== undefined) body['addressused'] = party.addressused;
    if (party.target && party.id) {
      const binding = bindingOf(party.target, party.id);
      if (binding) Object.assign(body, binding);
      else plan.refuse(party.field, `this organization cannot make a ${party.target} an activity party`);
    }
    return body;
  });
}
