import { Controller, Get, Param, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountDto,
  CallContext,
  ContactDto,
  CrmAccountQueryDto,
  CrmPatterns,
  CrmUserDto,
  EngagementDto,
  ErrorCode,
  FieldDto,
  FieldIdParamDto,
  IdParamDto,
  LeadDto,
  ListAccountsQueryDto,
  ListContactsQueryDto,
  ListCrmUsersQueryDto,
  ListEngagementsQueryDto,
  ListEnvelopeDto,
  ListFieldsQueryDto,
  ListLeadsQueryDto,
  ListNotesQueryDto,
  ListOpportunitiesQueryDto,
  NoteDto,
  OpportunityDto,
  SingleEnvelopeDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { JsonBody, singleEnvelope } from '../http/json-body';
import { ApiProblems } from '../problems/api-problems.decorator';
import { UNIFIED_READ_PROBLEMS } from '../problems/unified-read-problems';
import { ServiceClient } from '../transport/service-client';

/** One Unified CRM resource's read routes: `GET /unified/crm/{resource}` and `GET /unified/crm/{resource}/{id}`. */
interface CrmReadRoutes {
  resource: string;
  /** The record's DTO and the schema-name stem of its envelopes (`Contact` → `ContactList`, `ContactResult`). */
  record: Type<unknown>;
  schema: string;
  listQuery: Type<unknown>;
  idParams?: Type<unknown>;
  list: { pattern: string; operationId: string; summary: string };
  get: { pattern: string; operationId: string; summary: string };
}

/**
 * Builds the controller of one resource. Every resource answers the same way (the envelope, the problems, the call to
 * crm-service); only the DTOs and names differ, so they are declared once here. The parameter types are set
 * explicitly: global validation and the OpenAPI document both read them, and a generic class cannot emit them.
 */
function crmReadController(routes: CrmReadRoutes): Type<unknown> {
  @ApiTags('CRM')
  @ApiBearerAuth()
  @ApiProblems(...UNIFIED_READ_PROBLEMS)
  @Controller(`unified/crm/${routes.resource}`)
  class CrmReadController {
    constructor(readonly services: ServiceClient) {}

    @Get()
    @ApiOperation({ operationId: routes.list.operationId, summary: routes.list.summary })
    @ApiOkResponse({ type: ListEnvelopeDto(routes.record, `${routes.schema}List`) })
    @ApiProblems(ErrorCode.INVALID_CURSOR)
    @JsonBody()
    list(@CallerContext() caller: CallContext, @Query() query: object): Promise<Buffer> {
      return this.services.sendJson(routes.list.pattern, query, caller);
    }

    @Get(':id')
    @ApiOperation({ operationId: routes.get.operationId, summary: routes.get.summary })
    @ApiOkResponse({ type: SingleEnvelopeDto(routes.record, `${routes.schema}Result`) })
    @JsonBody()
    async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<Buffer> {
      return singleEnvelope(await this.services.sendJson(routes.get.pattern, { ...query, id: params.id }, caller));
    }
  }
  Reflect.defineMetadata('design:paramtypes', [Object, routes.listQuery], CrmReadController.prototype, 'list');
  Reflect.defineMetadata('design:paramtypes', [Object, routes.idParams ?? IdParamDto, CrmAccountQueryDto], CrmReadController.prototype, 'get');
  Object.defineProperty(CrmReadController, 'name', { value: `Crm${routes.resource.charAt(0).toUpperCase()}${routes.resource.slice(1)}Controller` });
  return CrmReadController;
}

/** The read routes of the Unified CRM API. */
export const CRM_READ_CONTROLLERS = [
  crmReadController({
    resource: 'contacts',
    record: ContactDto,
    schema: 'Contact',
    listQuery: ListContactsQueryDto,
    list: { pattern: CrmPatterns.listContacts, operationId: 'listContacts', summary: 'List contacts' },
    get: { pattern: CrmPatterns.getContact, operationId: 'getContact', summary: 'Get a contact' },
  }),
  crmReadController({
    resource: 'accounts',
    record: AccountDto,
    schema: 'Account',
    listQuery: ListAccountsQueryDto,
    list: { pattern: CrmPatterns.listAccounts, operationId: 'listAccounts', summary: 'List accounts' },
    get: { pattern: CrmPatterns.getAccount, operationId: 'getAccount', summary: 'Get an account' },
  }),
  crmReadController({
    resource: 'leads',
    record: LeadDto,
    schema: 'Lead',
    listQuery: ListLeadsQueryDto,
    list: { pattern: CrmPatterns.listLeads, operationId: 'listLeads', summary: 'List leads' },
    get: { pattern: CrmPatterns.getLead, operationId: 'getLead', summary: 'Get a lead' },
  }),
  crmReadController({
    resource: 'opportunities',
    record: OpportunityDto,
    schema: 'Opportunity',
    listQuery: ListOpportunitiesQueryDto,
    list: { pattern: CrmPatterns.listOpportunities, operationId: 'listOpportunities', summary: 'List opportunities' },
    get: { pattern: CrmPatterns.getOpportunity, operationId: 'getOpportunity', summary: 'Get an opportunity' },
  }),
  crmReadController({
    resource: 'engagements',
    record: EngagementDto,
    schema: 'Engagement',
    listQuery: ListEngagementsQueryDto,
    list: { pattern: CrmPatterns.listEngagements, operationId: 'listEngagements', summary: 'List engagements' },
    get: { pattern: CrmPatterns.getEngagement, operationId: 'getEngagement', summary: 'Get an engagement' },
  }),
  crmReadController({
    resource: 'notes',
    record: NoteDto,
    schema: 'Note',
    listQuery: ListNotesQueryDto,
    list: { pattern: CrmPatterns.listNotes, operationId: 'listNotes', summary: 'List notes' },
    get: { pattern: CrmPatterns.getNote, operationId: 'getNote', summary: 'Get a note' },
  }),
  crmReadController({
    resource: 'users',
    record: CrmUserDto,
    schema: 'CrmUser',
    listQuery: ListCrmUsersQueryDto,
    list: { pattern: CrmPatterns.listUsers, operationId: 'listCrmUsers', summary: 'List the users of the org (record owners)' },
    get: { pattern: CrmPatterns.getUser, operationId: 'getCrmUser', summary: 'Get a user' },
  }),
  crmReadController({
    resource: 'fields',
    record: FieldDto,
    schema: 'Field',
    listQuery: ListFieldsQueryDto,
    idParams: FieldIdParamDto,
    list: { pattern: CrmPatterns.listFields, operationId: 'listFields', summary: 'List the fields of the CRM entities, custom ones included' },
    get: { pattern: CrmPatterns.getField, operationId: 'getField', summary: 'Get a field' },
  }),
];
