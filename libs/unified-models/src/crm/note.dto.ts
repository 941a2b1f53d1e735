import { Type } from 'class-transformer';
import { IsBase64, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CrmRecordDto, ReferenceDto, TypedReferenceDto } from './crm-common.dto';
import { RelatedRecordQueryDto } from './crm-query.dto';
import { CrmCreateRequestDto, CrmUpdateRequestDto, CrmWriteDto, ReferenceInput, ReferenceInputDto } from './crm-write.dto';
import { RelatedToInputDto } from './engagement.dto';

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

/** A file to attach to a note, base64-encoded; at most the organization's upload limit (413 above it). */
export class NoteAttachmentInputDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(/^[^\\/:*?"<>|\p{Cc}]+$/u, { message: 'file_name must be a file name without a path or control characters' })
  file_name: string;

  /** e.g. `application/pdf`; default `application/octet-stream`. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'mime_type must be a media type such as application/pdf' })
  mime_type?: string;

  /** The file's bytes in base64 (RFC 4648, with padding). */
  @IsString()
  @IsNotEmpty()
  @IsBase64()
  content_base64: string;
}

/** `PATCH /unified/crm/notes/{id}`: any subset; `attachment: null` removes the file. */
export class UpdateNoteDto extends CrmWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  content?: string | null;

  /** The record the note is attached to. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RelatedToInputDto)
  related_to?: RelatedToInputDto | null;

  @ReferenceInput()
  owner?: ReferenceInputDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => NoteAttachmentInputDto)
  attachment?: NoteAttachmentInputDto | null;
}

/** `POST /unified/crm/notes`: `related_to`, and a `title`, `content` or `attachment`. */
export class CreateNoteDto extends UpdateNoteDto {}

export class CreateNoteRequestDto extends CrmCreateRequestDto(CreateNoteDto) {}
export class UpdateNoteRequestDto extends CrmUpdateRequestDto(UpdateNoteDto) {}
