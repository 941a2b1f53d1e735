import { ANNOTATION_TABLE, AnnotationRow } from '@dua/dataverse-client';
import { ListNotesQueryDto, NoteDto, UpdateNoteDto } from '@dua/unified-models';
import { CrmWritableResource } from '../common/crm-resource';
import { regardingFilter } from '../engagements/engagements.resource';
import { mapNote, noteMissingOnCreate, unmapNote } from './note.mapper';

export const NOTES: CrmWritableResource<AnnotationRow, NoteDto, UpdateNoteDto, ListNotesQueryDto> = {
  name: 'notes',
  table: ANNOTATION_TABLE,
  nameColumn: 'subject',
  filter: (query) => regardingFilter('_objectid_value', query),
  map: (row) => mapNote(row),
  write: {
    unmap: (input) => unmapNote(input),
    missingOnCreate: noteMissingOnCreate,
  },
};
