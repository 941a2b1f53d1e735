import { AnnotationRow, DataverseRow, lookupLogicalName } from '@dua/dataverse-client';
import { FieldError, NoteDto, UpdateNoteDto } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { numberOf, referenceOf, text, writeColumns, writeReference } from '../common/record-fields';
import { WritePlan } from '../common/write-plan';

/** Unified text fields ← annotation column, both ways. */
const VALUE_COLUMNS = { title: 'subject', content: 'notetext' } as const;
/** The note's record: one polymorphic lookup (`objectid_contact`, `objectid_account`, … from the org's metadata). */
const OBJECT_LOOKUP = 'objectid';
const DEFAULT_MIME_TYPE = 'application/octet-stream';

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

/**
 * The unified note (any subset of its writable fields) to the annotation columns to write. The attachment is
 * `documentbody` (base64, as sent), `filename` and `mimetype`; Dataverse derives `isdocument` and `filesize`.
 */
export function unmapNote(input: UpdateNoteDto): WritePlan {
  const plan = new WritePlan();
  writeColumns(plan, input, VALUE_COLUMNS);
  writeReference(plan, 'owner', input.owner, { lookup: 'ownerid', target: 'systemuser' });
  if (input.related_to !== undefined) plan.lookup({ field: 'related_to', lookup: OBJECT_LOOKUP, target: input.related_to?.type ?? 'account', id: input.related_to?.id ?? null });
  if (input.attachment !== undefined) {
    const file = input.attachment;
    plan.column('documentbody', file?.content_base64 ?? null).column('filename', file?.file_name ?? null).column('mimetype', file ? (file.mime_type ?? DEFAULT_MIME_TYPE) : null);
  }
  return plan;
}

/** A note needs its record, and something to say: a title, content or a file. */
export function noteMissingOnCreate(input: UpdateNoteDto): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.related_to) errors.push({ field: 'related_to', message: 'related_to is required' });
  if (!input.title?.trim() && !input.content?.trim() && !input.attachment) errors.push({ field: 'title', message: 'a note needs a title, content or an attachment' });
  return errors;
}
