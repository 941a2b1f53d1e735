import { mapNote, noteMissingOnCreate, unmapNote } from './note.mapper';
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

describe('unmapNote', () => {
  const LEAD = '88b2822b-a7cb-4159-a1b5-229f2bbcece2';

  it('writes the text, the record through objectid, and the file as documentbody, filename and mimetype', () => {
    const plan = unmapNote({ title: 'Contract', content: 'Signed', related_to: { type: 'lead', id: LEAD } as never, attachment: { file_name: 'a.pdf', content_base64: 'JVBERi0=' } });
    expect(plan.columns).toEqual({ subject: 'Contract', notetext: 'Signed', documentbody: 'JVBERi0=', filename: 'a.pdf', mimetype: 'application/octet-stream' });
    expect(plan.lookups).toEqual([{ field: 'related_to', lookup: 'objectid', target: 'lead', id: LEAD }]);
  });

  it('removes the file with attachment: null and leaves it alone without attachment', () => {
    expect(unmapNote({ attachment: null }).columns).toEqual({ documentbody: null, filename: null, mimetype: null });
    expect(unmapNote({ title: 'x' }).columns).toEqual({ subject: 'x' });
  });

  it.each([
    [{}, ['related_to', 'title']],
    [{ related_to: { type: 'lead', id: LEAD } }, ['title']],
    [{ related_to: { type: 'lead', id: LEAD }, attachment: { file_name: 'a', content_base64: 'YQ==' } }, []],
    [{ title: 'x' }, ['related_to']],
  ])('a create of %o lacks %o', (input, fields) => {
    expect(noteMissingOnCreate(input as never).map((error) => error.field)).toEqual(fields);
  });
});
