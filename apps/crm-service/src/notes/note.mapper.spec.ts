import { mapNote } from './note.mapper';
import { NOTE_ROW, NOTE_WITH_ATTACHMENT_ROW, TEAM_NOTE_ROW } from './note.fixtures';

describe('mapNote', () => {
  it('maps a plain note on a contact', () => {
    expect(mapNote(NOTE_ROW)).toEqual({
      title: 'Call notes',
      content: 'Call notes: discussed next steps and pricing.',
      related_to: { id: '0290b0b5-fe22-481e-9728-9bfdc5102116', type: 'contact' },
      owner: { id: '55005fe1-f428-4fbe-95b8-f04d99c6209c' },
      has_attachment: false,
      file_name: null,
      mime_type: null,
      file_size: null,
    });
  });

  it('describes an attachment without its body', () => {
    expect(mapNote(NOTE_WITH_ATTACHMENT_ROW)).toMatchObject({
      related_to: { id: NOTE_WITH_ATTACHMENT_ROW['_objectid_value'], type: 'lead' },
      has_attachment: true,
      file_name: NOTE_WITH_ATTACHMENT_ROW['filename'],
      mime_type: 'text/plain',
      file_size: 45,
    });
  });

  it('maps a team-owned note and a note attached to nothing', () => {
    expect(mapNote(TEAM_NOTE_ROW).owner).toEqual({ id: TEAM_NOTE_ROW['_ownerid_value'] });
    const detached = { ...NOTE_ROW, _objectid_value: null, objecttypecode: null, isdocument: null, subject: null, notetext: null };
    expect(mapNote(detached)).toMatchObject({ related_to: null, has_attachment: false, title: null, content: null });
  });

  it('types the related record from objecttypecode when the lookup annotation is missing', () => {
    const { ['_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname']: _omitted, ...row } = NOTE_ROW;
    expect(mapNote(row).related_to).toEqual({ id: '0290b0b5-fe22-481e-9728-9bfdc5102116', type: 'contact' });
  });
});
