import { DataverseRow } from '@dua/dataverse-client';
import { EngagementDirection, EngagementPriority, EngagementStatus, EngagementType } from '@dua/unified-models';
import {
  APPOINTMENT_DETAILS,
  APPOINTMENT_PARTIES,
  APPOINTMENT_ROW,
  APPOINTMENT_WITHOUT_REGARDING_ROW,
  EMAIL_DETAILS,
  EMAIL_PARTIES,
  EMAIL_ROW,
  MORE_PARTIES,
  OTHER_CALL_PARTIES,
  PHONECALL_DETAILS,
  PHONECALL_PARTIES,
  PHONECALL_ROW,
  TASK_ROW,
} from './engagement.fixtures';
import { engagementTypeOf, mapEngagement, participantsOf, withRelated } from './engagement.mapper';

const partiesOf = (id: string) => MORE_PARTIES.filter((party) => party['_activityid_value'] === id);

describe('mapEngagement', () => {
  it('maps a completed outgoing call with its number, parties and lead it is regarding', () => {
    expect(mapEngagement(PHONECALL_ROW, { parties: PHONECALL_PARTIES, details: PHONECALL_DETAILS })).toEqual({
      type: EngagementType.CALL,
      subject: 'Discovery call',
      content: null,
      direction: EngagementDirection.OUTBOUND,
      status: EngagementStatus.COMPLETED,
      start_time: '2025-05-13T08:45:58Z',
      end_time: '2025-05-13T09:15:58Z',
      duration_minutes: 30,
      priority: EngagementPriority.NORMAL,
      related_to: { id: '6a2dfe5a-90a5-42db-bce1-fdfe8704c047', type: 'lead' },
      participants: [
        { role: 'from', type: 'user', id: '60e58513-e0d1-470d-afe7-2e0620d4ba2a' },
        { role: 'to', type: 'lead', id: '6a2dfe5a-90a5-42db-bce1-fdfe8704c047' },
      ],
      owner: { id: '60e58513-e0d1-470d-afe7-2e0620d4ba2a' },
      phone_number: '+1 206 555 9874',
      location: null,
    });
  });

  it('maps an incoming email: HTML content, direction from emails.directioncode, an account as sender', () => {
    const email = mapEngagement(EMAIL_ROW, { parties: [...EMAIL_PARTIES, ...partiesOf(String(EMAIL_ROW['activityid']))], details: EMAIL_DETAILS });
    expect(email).toMatchObject({
      type: EngagementType.EMAIL,
      content: '<p>Hello,</p><p>Proposal attached.</p>',
      direction: EngagementDirection.INBOUND,
      status: EngagementStatus.COMPLETED,
      priority: EngagementPriority.LOW,
      related_to: { id: 'e5765930-3e13-4623-93ee-8c0892af9416', type: 'account' },
      phone_number: null,
      location: null,
    });
    // Ordered by role; an unresolved address and a queue with an address are email_address participants.
    expect(email.participants).toEqual([
      { role: 'from', type: 'account', id: 'e5765930-3e13-4623-93ee-8c0892af9416' },
      { role: 'to', type: 'user', id: 'f9f29d9a-ef4f-496f-aec7-9daae33ba158' },
      { role: 'to', type: 'email_address', email: 'support@contoso.example' },
      { role: 'cc', type: 'contact', id: '05ee9ad7-99be-439a-a91f-d25491139e49', email: 'sophie.martin@example.com' },
      { role: 'bcc', type: 'email_address', email: 'archive@example.com' },
    ]);
  });

  it('maps an open appointment: location, scheduled times, organizer and attendees, no direction', () => {
    const meeting = mapEngagement(APPOINTMENT_ROW, { parties: [...APPOINTMENT_PARTIES, ...partiesOf(String(APPOINTMENT_ROW['activityid']))], details: APPOINTMENT_DETAILS });
    expect(meeting).toMatchObject({
      type: EngagementType.MEETING,
      direction: null,
      status: EngagementStatus.OPEN,
      start_time: '2025-08-22T08:43:26Z',
      end_time: '2025-08-22T09:43:26Z',
      duration_minutes: 60,
      priority: EngagementPriority.HIGH,
      related_to: { id: '05ee9ad7-99be-439a-a91f-d25491139e49', type: 'contact' },
      location: 'London',
      phone_number: null,
    });
    // The regarding party (8), the owner (9) and a queue without an address are not participants.
    expect(meeting.participants).toEqual([
      { role: 'organizer', type: 'user', id: '954176f6-8263-43c4-8de6-cfa1255cb04c' },
      { role: 'required', type: 'contact', id: '05ee9ad7-99be-439a-a91f-d25491139e49' },
      { role: 'optional', type: 'lead', id: '6a2dfe5a-90a5-42db-bce1-fdfe8704c047' },
    ]);
  });

  it('maps nulls: no regarding record, no details, no parties', () => {
    expect(mapEngagement(APPOINTMENT_WITHOUT_REGARDING_ROW)).toMatchObject({
      type: EngagementType.MEETING,
      content: null,
      related_to: null,
      participants: [],
      location: null,
      status: EngagementStatus.COMPLETED,
    });
  });

  it('maps an open task owned by a team: scheduled times and duration, no direction', () => {
    expect(mapEngagement(TASK_ROW)).toMatchObject({
      type: EngagementType.TASK,
      subject: 'Send contract',
      direction: null,
      status: EngagementStatus.OPEN,
      start_time: '2025-06-09T08:32:40Z',
      end_time: '2025-06-09T10:02:40Z',
      duration_minutes: 90,
      owner: { id: TASK_ROW['_ownerid_value'] },
      related_to: { id: 'e5765930-3e13-4623-93ee-8c0892af9416', type: 'account' },
      participants: [],
    });
  });

  it('maps a scheduled appointment (statecode 3) and leaves unknown codes null', () => {
    expect(mapEngagement({ ...APPOINTMENT_ROW, statecode: 3 }).status).toBe(EngagementStatus.SCHEDULED);
    expect(mapEngagement({ ...APPOINTMENT_ROW, statecode: 9, prioritycode: 7 })).toMatchObject({ status: null, priority: null });
  });

  it('knows only the four engagement tables', () => {
    expect(engagementTypeOf({ activitytypecode: 'letter' })).toBeNull();
    expect(engagementTypeOf({ activitytypecode: 'phonecall' })).toBe(EngagementType.CALL);
  });
});

describe('participantsOf', () => {
  it('keeps Dataverse order within a role and drops non-participants', () => {
    expect(participantsOf(OTHER_CALL_PARTIES)).toEqual([
      { role: 'from', type: 'lead', id: '6a2dfe5a-90a5-42db-bce1-fdfe8704c047' },
      { role: 'to', type: 'user', id: '9fa20b07-d306-4031-b3f9-b533b9829d99' },
    ]);
    expect(participantsOf([])).toEqual([]);
  });

  it('maps every participation type 1–7 and nothing else', () => {
    const party = (mask: number): DataverseRow => ({
      '_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      _partyid_value: '05ee9ad7-99be-439a-a91f-d25491139e49',
      participationtypemask: mask,
      addressused: null,
    });
    const roles = participantsOf([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map(party)).map(({ role }) => role);
    expect(roles).toEqual(['from', 'to', 'cc', 'bcc', 'organizer', 'required', 'optional']);
  });
});

describe('withRelated', () => {
  it('completes a record mapped from its row alone exactly as mapping with the related rows does', () => {
    const related = { parties: PHONECALL_PARTIES, details: PHONECALL_DETAILS };
    expect(withRelated(mapEngagement(PHONECALL_ROW), related)).toEqual(mapEngagement(PHONECALL_ROW, related));
  });
});
