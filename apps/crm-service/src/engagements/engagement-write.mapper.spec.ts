import { EngagementParticipantRole as Role, EngagementParticipantType as Kind, EngagementType, UpdateEngagementDto } from '@dua/unified-models';
import { partyBodies, unmapEngagement } from './engagement-write.mapper';

const CONTACT = '0290b0b5-fe22-481e-9728-9bfdc5102116';
const USER = '55005fe1-f428-4fbe-95b8-f04d99c6209c';

describe('unmapEngagement', () => {
  it('writes the columns each type has, the regarding lookup and the state with its default reason', () => {
    const { plan, parties } = unmapEngagement(
      { subject: 'Call', content: 'Notes', direction: 'outbound', status: 'completed', start_time: '2026-01-01T10:00:00Z', duration_minutes: 15, priority: 'high', phone_number: '+1', related_to: { type: 'opportunity', id: CONTACT } } as UpdateEngagementDto,
      EngagementType.CALL,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.columns).toEqual({ subject: 'Call', description: 'Notes', scheduledstart: '2026-01-01T10:00:00Z', actualdurationminutes: 15, prioritycode: 2, directioncode: true, phonenumber: '+1' });
    expect(plan.lookups).toEqual([{ field: 'related_to', lookup: 'regardingobjectid', target: 'opportunity', id: CONTACT }]);
    expect(plan.state).toEqual({ statecode: 1, statuscode: 2 });
    expect(parties).toBeUndefined();
  });

  it.each([
    [EngagementType.TASK, { status: 'completed' }, { statecode: 1, statuscode: 5 }],
    [EngagementType.EMAIL, { status: 'canceled' }, { statecode: 2, statuscode: 5 }],
    [EngagementType.MEETING, { status: 'scheduled' }, { statecode: 3, statuscode: 5 }],
  ] as const)('%s %o → %o', (type, input, state) => {
    expect(unmapEngagement(input as UpdateEngagementDto, type).plan.state).toEqual(state);
  });

  it.each([
    [EngagementType.MEETING, { direction: 'inbound' }, 'direction'],
    [EngagementType.TASK, { phone_number: '+1' }, 'phone_number'],
    [EngagementType.CALL, { location: 'Room' }, 'location'],
    [EngagementType.CALL, { status: 'scheduled' }, 'status'],
    [EngagementType.TASK, { participants: [{ role: Role.TO, type: Kind.CONTACT, id: CONTACT }] }, 'participants'],
    [EngagementType.CALL, { participants: [{ role: Role.CC, type: Kind.CONTACT, id: CONTACT }] }, 'participants.0.role'],
    [EngagementType.EMAIL, { participants: [{ role: Role.CC, type: Kind.EMAIL_ADDRESS, id: CONTACT, email: 'a@b.example' }] }, 'participants.0.id'],
  ] as const)('a %s refuses %o, naming %s', (type, input, field) => {
    expect(unmapEngagement(input as unknown as UpdateEngagementDto, type).plan.errors.map((error) => error.field)).toEqual([field]);
  });

  it('turns participants into parties with their masks, bound through the given navigation properties', () => {
    const { plan, parties } = unmapEngagement(
      {
        participants: [
          { role: Role.FROM, type: Kind.USER, id: USER },
          { role: Role.TO, type: Kind.CONTACT, id: CONTACT, email: 'c@example.com' },
          { role: Role.BCC, type: Kind.EMAIL_ADDRESS, email: 'x@elsewhere.example' },
        ],
      },
      EngagementType.EMAIL,
    );
    const bodies = partyBodies(parties!, (target, id) => (target === 'lead' ? undefined : { [`partyid_${target}@odata.bind`]: `/${target}s(${id})` }), plan);
    expect(bodies).toEqual([
      { participationtypemask: 1, 'partyid_systemuser@odata.bind': `/systemusers(${USER})` },
      { participationtypemask: 2, addressused: 'c@example.com', 'partyid_contact@odata.bind': `/contacts(${CONTACT})` },
      { participationtypemask: 4, addressused: 'x@elsewhere.example' },
    ]);
    partyBodies([{ field: 'participants.0', participationtypemask: 2, target: 'lead', id: CONTACT }], () => undefined, plan);
    expect(plan.errors).toEqual([{ field: 'participants.0', message: 'this organization cannot make a lead an activity party' }]);
  });

  it('an empty participant list clears them; without participants the parties are left alone', () => {
    expect(unmapEngagement({ participants: [] }, EngagementType.CALL).parties).toEqual([]);
    expect(unmapEngagement({ subject: 'x' }, EngagementType.CALL).parties).toBeUndefined();
  });
});
