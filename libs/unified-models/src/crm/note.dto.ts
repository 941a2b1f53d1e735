import { CrmRecordDto, ReferenceDto, TypedReferenceDto } from './crm-common.dto';
import { RelatedRecordQueryDto } from './crm-query.dto';

/** A note on a record, optionally with one attached file (Dataverse `annotation`). The file itself is never returned. */
export class NoteDto extends CrmRecordDto {
  title: string | null;
  content: string | null;
  /** The record the note is attached to; `type` is its Dataverse table: `contact`, `account`, `lead` or `opportunity`. */
  related_to: TypedReferenceDto | null;
  owner: ReferenceDto | null;
  has_attachment: boolean;
  file_name: string | null;
  mime_type: string | null;
  /** In bytes. */
  file_size: number | null;
}

/** Filters by the record a note is attached to (`objectid`). */
export class ListNotesQueryDto extends RelatedRecordQueryDto {}
