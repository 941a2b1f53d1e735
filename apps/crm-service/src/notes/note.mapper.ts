import { AnnotationRow, DataverseRow, lookupLogicalName } from '@dua/dataverse-client';
import { NoteDto } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { numberOf, referenceOf, text } from '../common/record-fields';

/**
 * An annotation row to the unified note. The attachment is described (`isdocument`, `filename`, `mimetype`,
 * `filesize`), never downloaded: `documentbody` is not selected.
 */
export function mapNote(row: Partial<AnnotationRow> & DataverseRow): ResourceFields<NoteDto> {
  return {
    title: text(row, 'subject'),
    content: text(row, 'notetext'),
    related_to: relatedToOf(row),
    owner: referenceOf(row, '_ownerid_value'),
    has_attachment: row['isdocument'] === true,
    file_name: text(row, 'filename'),
    mime_type: text(row, 'mimetype'),
    file_size: numberOf(row, 'filesize'),
  };
}

/** `_objectid_value`, typed by its lookuplogicalname annotation, else by `objecttypecode` (the same table name). */
function relatedToOf(row: DataverseRow): NoteDto['related_to'] {
  const id = row['_objectid_value'];
  if (typeof id !== 'string') return null;
  return { id, type: lookupLogicalName(row, '_objectid_value') ?? text(row, 'objecttypecode') };
}
