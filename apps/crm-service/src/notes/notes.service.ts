import { Injectable } from '@nestjs/common';
import { DataverseClient, DataverseFailureKind, DataverseRow, isDataverseError } from '@dua/dataverse-client';
import {
  CallContext,
  CreateNoteDto,
  CrmCreateOutcome,
  CrmCreateRequest,
  CrmGetRequestDto,
  CrmUpdateRequest,
  DomainError,
  ErrorCode,
  NoteDto,
  UpdateNoteDto,
} from '@dua/unified-models';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter } from '../common/crm-writer';
import { NOTES } from './notes.resource';

/** "Attachment file size is too big." (a limit lowered between our check and the write). */
const ATTACHMENT_TOO_BIG = '0x80044a02';
/** Dataverse's default `maxuploadfilesize` (5 MB), when the organization row does not say. */
const DEFAULT_MAX_UPLOAD_FILE_SIZE = 5_242_880;

/**
 * Note writes (`CrmWriter` with the annotation's reverse mapper) under the organization's upload limit, and the
 * attachment's bytes for `GET /unified/crm/notes/{id}/attachment`.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
  ) {}

  async create(context: CallContext, request: CrmCreateRequest<CreateNoteDto>): Promise<CrmCreateOutcome> {
    await this.checkAttachment(context, request.integrated_account_id, request.data);
    return this.translateTooBig(() => this.writer.create(context, NOTES, request));
  }

  async update(context: CallContext, request: CrmUpdateRequest<UpdateNoteDto>): Promise<NoteDto> {
    await this.checkAttachment(context, request.integrated_account_id, request.data);
    return this.translateTooBig(() => this.writer.update(context, NOTES, request));
  }

  /**
   * The attachment as Dataverse keeps it: base64 text (`documentbody`). It is answered as a JSON string, so the reply
   * crosses NATS as one message of the base64 bytes and the gateway decodes it while streaming (see README.md).
   */
  async attachment(context: CallContext, request: CrmGetRequestDto): Promise<string> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    let row: DataverseRow;
    try {
      row = await client.retrieve<DataverseRow>(NOTES.table.entitySet, request.id, { select: ['isdocument', 'documentbody'] });
    } catch (error) {
      if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) throw DomainError.notFound(`Note ${request.id}`);
      throw error;
    }
    const body = row['documentbody'];
    if (row['isdocument'] !== true || typeof body !== 'string' || body === '') throw DomainError.notFound(`The attachment of note ${request.id}`);
    return body;
  }

  /**
   * 413 before anything is sent when the file is over the organization's `maxuploadfilesize`, which Dataverse
   * measures on the base64 text. Read on each write that carries a file: an admin may change it at any time.
   * https://learn.microsoft.com/power-apps/developer/data-platform/file-attachments#file-size-limits
   */
  private async checkAttachment(context: CallContext, integratedAccountId: string, input: UpdateNoteDto): Promise<void> {
    const encoded = input.attachment?.content_base64;
    if (encoded === undefined) return;
    const client = await this.reader.clientFor(context, integratedAccountId);
    const limit = await maxUploadFileSize(client);
    if (encoded.length > limit) throw tooLarge(encoded.length, limit);
  }

  private async translateTooBig<Result>(write: () => Promise<Result>): Promise<Result> {
    try {
      return await write();
    } catch (error) {
      if (isDataverseError(error) && error.remote?.code?.toLowerCase() === ATTACHMENT_TOO_BIG) {
        throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'The attachment is larger than the organization allows', { remote: error.remote, errors: [{ field: 'attachment.content_base64', message: 'larger than the organization allows' }] });
      }
      throw error;
    }
  }
}

/** https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/organization#BKMK_MaxUploadFileSize */
async function maxUploadFileSize(client: DataverseClient): Promise<number> {
  const response = await client.request<{ value: { maxuploadfilesize?: number | null }[] }>('GET', 'organizations', { query: { select: ['maxuploadfilesize'] }, annotations: false });
  const value = response.body.value[0]?.maxuploadfilesize;
  return typeof value === 'number' && value > 0 ? value : DEFAULT_MAX_UPLOAD_FILE_SIZE;
}

function tooLarge(size: number, limit: number): DomainError {
  const message = `the file is ${size} characters of base64; this organization accepts at most ${limit}`;
  return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `attachment.content_base64: ${message}`, { errors: [{ field: 'attachment.content_base64', message }] });
}
