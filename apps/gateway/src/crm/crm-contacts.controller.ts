import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  ContactDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListContactsQueryDto,
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
@Controller('unified/crm/contacts')
export class CrmContactsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listContacts', summary: 'List contacts' })
  @ApiOkResponse({ type: ListEnvelopeDto(ContactDto, 'ContactList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListContactsQueryDto): Promise<ListEnvelope<ContactDto>> {
    return this.services.send(CrmPatterns.listContacts, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getContact', summary: 'Get a contact' })
  @ApiOkResponse({ type: SingleEnvelopeDto(ContactDto, 'ContactResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<ContactDto>> {
    return { result: await this.services.send(CrmPatterns.getContact, { ...query, id: params.id }, caller) };
  }
}
