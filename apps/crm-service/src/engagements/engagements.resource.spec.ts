import { EngagementType, ListEngagementsQueryDto, ListNotesQueryDto } from '@dua/unified-models';
import { DataverseFailureKind, EntityAttributes } from '@dua/dataverse-client';
import { translateDataverseFailure } from '@dua/account-access';
import { NOTES } from '../notes/notes.resource';
import { ENGAGEMENTS } from './engagements.resource';

const query = <Query>(members: Partial<Query>): Query => ({ integrated_account_id: '6f1c2a52-2f4c-4a8e-9a4e-0f7b8c1d2e3f', ...members }) as Query;
const attributes = {} as EntityAttributes;

describe('engagement and note filters', () => {
  it('lists only the four engagement tables unless a type narrows it to one', () => {
    expect(ENGAGEMENTS.filter!(query<ListEngagementsQueryDto>({}), attributes)?.expression).toBe(
      "(activitytypecode eq 'phonecall') or (activitytypecode eq 'email') or (activitytypecode eq 'appointment') or (activitytypecode eq 'task')",
    );
    expect(ENGAGEMENTS.filter!(query<ListEngagementsQueryDto>({ type: EngagementType.MEETING }), attributes)?.expression).toBe("activitytypecode eq 'appointment'");
  });

  it('filters by the regarding record with unquoted, normalised GUID literals', () => {
    const filter = ENGAGEMENTS.filter!(query<ListEngagementsQueryDto>({ type: EngagementType.CALL, contact_id: '05EE9AD7-99BE-439A-A91F-D25491139E49' }), attributes);
    expect(filter?.expression).toBe("(activitytypecode eq 'phonecall') and (_regardingobjectid_value eq 05ee9ad7-99be-439a-a91f-d25491139e49)");
    expect(NOTES.filter!(query<ListNotesQueryDto>({ lead_id: '6a2dfe5a-90a5-42db-bce1-fdfe8704c047' }), attributes)?.expression).toBe('_objectid_value eq 6a2dfe5a-90a5-42db-bce1-fdfe8704c047');
    expect(NOTES.filter!(query<ListNotesQueryDto>({}), attributes)).toBeUndefined();
  });

  it('refuses anything that is not a GUID rather than putting it in the query', () => {
    const refusal = (() => {
      try {
        NOTES.filter!(query<ListNotesQueryDto>({ account_id: "x') or (true" }), attributes);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toMatchObject({ kind: DataverseFailureKind.INVALID_REQUEST });
    expect(translateDataverseFailure(refusal)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('never selects the attachment body of a note', () => {
    expect(NOTES.table.select).not.toContain('documentbody');
  });
});
