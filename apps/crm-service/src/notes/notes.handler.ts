import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CallContext,
  CreateNoteRequestDto,
  CrmCreateOutcome,
  CrmDeleteRequestDto,
  CrmGetRequestDto,
  CrmPatterns,
  ListEnvelope,
  ListNotesQueryDto,
  NoteDto,
  SerializedJson,
  UpdateNoteRequestDto,
} from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter } from '../common/crm-writer';
import { NOTES } from './notes.resource';
import { NotesService } from './notes.service';

@Controller()
export class NotesHandler {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
    private readonly notes: NotesService,
  ) {}

  @MessagePattern(CrmPatterns.listNotes)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListNotesQueryDto): Promise<SerializedJson<ListEnvelope<NoteDto>>> {
    return this.reader.list(context, NOTES, query);
  }

  @MessagePattern(CrmPatterns.getNote)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<NoteDto> {
    return this.reader.get(context, NOTES, request);
  }

  @MessagePattern(CrmPatterns.createNote)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateNoteRequestDto): Promise<CrmCreateOutcome> {
    return this.notes.create(context, request);
  }

  @MessagePattern(CrmPatterns.updateNote)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateNoteRequestDto): Promise<NoteDto> {
    return this.notes.update(context, request);
  }

  @MessagePattern(CrmPatterns.deleteNote)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmDeleteRequestDto): Promise<{ id: string }> {
    return this.writer.delete(context, NOTES, request);
  }

  @MessagePattern(CrmPatterns.getNoteAttachment)
  attachment(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<string> {
    return this.notes.attachment(context, request);
  }
}
