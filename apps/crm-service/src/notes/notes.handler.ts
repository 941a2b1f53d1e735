import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, ListEnvelope, ListNotesQueryDto, NoteDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { NOTES } from './notes.resource';

@Controller()
export class NotesHandler {
  constructor(private readonly reader: CrmReader) {}

  @MessagePattern(CrmPatterns.listNotes)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListNotesQueryDto): Promise<ListEnvelope<NoteDto>> {
    return this.reader.list(context, NOTES, query);
  }

  @MessagePattern(CrmPatterns.getNote)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<NoteDto> {
    return this.reader.get(context, NOTES, request);
  }
}
