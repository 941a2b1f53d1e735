import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  NoteDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListNotesQueryDto,
  SingleEnvelope,
  SingleEnvelopeDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';
import { CRM_READ_PROBLEMS } from './crm-read-problems';

@ApiTags('CRM')
@ApiBearerAuth()
@ApiProblems(...CRM_READ_PROBLEMS)
@Controller('unified/crm/notes')
export class CrmNotesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listNotes', summary: 'List notes' })
  @ApiOkResponse({ type: ListEnvelopeDto(NoteDto, 'NoteList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListNotesQueryDto): Promise<ListEnvelope<NoteDto>> {
    return this.services.send(CrmPatterns.listNotes, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getNote', summary: 'Get a note' })
  @ApiOkResponse({ type: SingleEnvelopeDto(NoteDto, 'NoteResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<NoteDto>> {
    return { result: await this.services.send(CrmPatterns.getNote, { ...query, id: params.id }, caller) };
  }
}
