import { ANNOTATION_TABLE, AnnotationRow } from '@dua/dataverse-client';
import { ListNotesQueryDto, NoteDto } from '@dua/unified-models';
import { CrmResource } from '../common/crm-resource';
import { regardingFilter } from '../engagements/engagements.resource';
import { mapNote } from './note.mapper';

export const NOTES: CrmResource<AnnotationRow, NoteDto, ListNotesQueryDto> = {
  name: 'notes',
  table: ANNOTATION_TABLE,
  nameColumn: 'subject',
  filter: (query) => regardingFilter('_objectid_value', query),
  map: (row) => mapNote(row),
};
