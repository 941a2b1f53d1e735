import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  FieldDto,
  ErrorCode,
  FieldIdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListFieldsQueryDto,
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
@Controller('unified/crm/fields')
export class CrmFieldsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listFields', summary: 'List the fields of the CRM entities, custom ones included' })
  @ApiOkResponse({ type: ListEnvelopeDto(FieldDto, 'FieldList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListFieldsQueryDto): Promise<ListEnvelope<FieldDto>> {
    return this.services.send(CrmPatterns.listFields, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getField', summary: 'Get a field' })
  @ApiOkResponse({ type: SingleEnvelopeDto(FieldDto, 'FieldResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: FieldIdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<FieldDto>> {
    return { result: await this.services.send(CrmPatterns.getField, { ...query, id: params.id }, caller) };
  }
}
