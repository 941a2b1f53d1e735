import { Body, Controller, createParamDecorator, Delete, ExecutionContext, HttpCode, Param, Patch, Post, Query, Res, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AccountDto,
  CallContext,
  ContactDto,
  CreateAccountDto,
  CreateContactDto,
  CreateNoteDto,
  CreateEngagementDto,
  CreateLeadDto,
  CreateOpportunityDto,
  CrmCreateOutcome,
  CrmPatterns,
  CrmWriteQueryDto,
  DomainError,
  ErrorCode,
  IDEMPOTENCY_KEY_PATTERN,
  IdParamDto,
  IF_MATCH_PATTERN,
  LeadDto,
  OpportunityDto,
  SingleEnvelopeDto,
  UpdateAccountDto,
  UpdateContactDto,
  UpdateNoteDto,
  NoteDto,
  UpdateEngagementDto,
  EngagementDto,
  UpdateLeadDto,
  UpdateOpportunityDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { JsonBody, singleEnvelope } from '../http/json-body';
import { ApiProblems } from '../problems/api-problems.decorator';
import { UNIFIED_READ_PROBLEMS } from '../problems/unified-read-problems';
import { ServiceClient } from '../transport/service-client';

/** One Unified CRM resource's write routes: `POST /unified/crm/{resource}`, `PATCH` and `DELETE …/{id}`. */
interface CrmWriteRoutes {
  resource: string;
  /** The stem of the schema names, as for reads: `Contact` → `ContactResult`. */
  schema: string;
  /** The English name of one record, for summaries. */
  noun: string;
  /** The record's DTO: every write answers it as a GET does. */
  record: Type<unknown>;
  createBody: Type<unknown>;
  updateBody: Type<unknown>;
  patterns: { create: string; update: string; delete: string };
}

/** What every write can answer besides its record, on top of what a read can. */
export const WRITE_PROBLEMS = [...UNIFIED_READ_PROBLEMS, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.CONFLICT];

/**
 * One optional request header as a string. Unlike `@Headers(name)` it adds nothing to the OpenAPI document, where
 * `@ApiHeader` declares the header once, optional, under its canonical name.
 */
export const OptionalHeader = createParamDecorator((name: string, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers[name];
  return typeof value === 'string' ? value : undefined;
});

/** The `Idempotency-Key` header, checked here so a bad one is named as the header it came in. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(header)) throw headerInvalid('Idempotency-Key', 'must be 1 to 255 printable ASCII characters');
  return header;
}

function ifMatchOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IF_MATCH_PATTERN.test(header)) throw headerInvalid('If-Match', 'must be * or one etag as the record\'s etag gives it (W/"…")');
  return header;
}

function headerInvalid(header: string, message: string): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, `${header} ${message}`, { errors: [{ field: header, message }] });
}

/**
 * Builds the write controller of one resource, the way `crm-read.controllers.ts` builds the read ones. The body
 * classes are set explicitly in the parameter metadata: global validation (strict whitelist, so read-only and unknown
 * fields answer 400) and the OpenAPI document both read them.
 */
function crmWriteController(routes: CrmWriteRoutes): Type<unknown> {
  const result = SingleEnvelopeDto(routes.record, `${routes.schema}Result`);

  @ApiTags('CRM')
  @ApiBearerAuth()
  @ApiProblems(...WRITE_PROBLEMS)
  @Controller(`unified/crm/${routes.resource}`)
  class CrmWriteController {
    constructor(readonly services: ServiceClient) {}

    @Post()
    @HttpCode(201)
    @ApiOperation({
      operationId: `create${routes.schema}`,
      summary: `Create ${routes.noun}`,
      description: 'Answers the record as a GET returns it. With `Idempotency-Key`, a retry with the same body answers the first response again (`Idempotent-Replayed: true`) and writes nothing.',
    })
    @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 printable characters; kept at least 24 h per integrated account.' })
    @ApiBody({ type: routes.createBody })
    @ApiCreatedResponse({ type: result, headers: { 'Idempotent-Replayed': { description: '`true` when this is the stored answer of an earlier request with the same key.', schema: { type: 'string' } } } })
    @ApiProblems(ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.IDEMPOTENCY_IN_PROGRESS)
    @JsonBody()
    async create(
      @CallerContext() caller: CallContext,
      @Query() query: CrmWriteQueryDto,
      @Body() body: object,
      @OptionalHeader('idempotency-key') idempotencyKey: string | undefined,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<string> {
      const key = idempotencyKeyOf(idempotencyKey);
      const outcome = await this.services.send<CrmCreateOutcome>(routes.patterns.create, { ...query, data: body, ...(key === undefined ? {} : { idempotency_key: key }) }, caller);
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return outcome.body;
    }

    @Patch(':id')
    @ApiOperation({ operationId: `update${routes.schema}`, summary: `Update ${routes.noun}`, description: 'Changes the given fields (`null` clears one) and answers the whole record. Never creates: a missing record answers 404.' })
    @ApiHeader({ name: 'If-Match', required: false, description: 'The record\'s `etag`: update only that version (412 when it changed).' })
    @ApiBody({ type: routes.updateBody })
    @ApiOkResponse({ type: result })
    @ApiProblems(ErrorCode.PRECONDITION_FAILED)
    @JsonBody()
    async update(
      @CallerContext() caller: CallContext,
      @Param() params: IdParamDto,
      @Query() query: CrmWriteQueryDto,
      @Body() body: object,
      @OptionalHeader('if-match') ifMatch: string | undefined,
    ): Promise<Buffer> {
      const condition = ifMatchOf(ifMatch);
      const payload = { ...query, id: params.id, data: body, ...(condition === undefined ? {} : { if_match: condition }) };
      return singleEnvelope(await this.services.sendJson(routes.patterns.update, payload, caller));
    }

    @Delete(':id')
    @HttpCode(200)
    @ApiOperation({ operationId: `delete${routes.schema}`, summary: `Delete ${routes.noun}`, description: 'A record that is already gone answers 404.' })
    @ApiHeader({ name: 'If-Match', required: false, description: 'The record\'s `etag`: delete only that version (412 when it changed).' })
    @ApiOkResponse({ type: SingleEnvelopeDto(IdParamDto, 'DeletedRecordResult') })
    @ApiProblems(ErrorCode.PRECONDITION_FAILED)
    @JsonBody()
    async delete(
      @CallerContext() caller: CallContext,
      @Param() params: IdParamDto,
      @Query() query: CrmWriteQueryDto,
      @OptionalHeader('if-match') ifMatch: string | undefined,
    ): Promise<Buffer> {
      const condition = ifMatchOf(ifMatch);
      const payload = { ...query, id: params.id, ...(condition === undefined ? {} : { if_match: condition }) };
      return singleEnvelope(await this.services.sendJson(routes.patterns.delete, payload, caller));
    }
  }
  Reflect.defineMetadata('design:paramtypes', [Object, CrmWriteQueryDto, routes.createBody, String, Object], CrmWriteController.prototype, 'create');
  Reflect.defineMetadata('design:paramtypes', [Object, IdParamDto, CrmWriteQueryDto, routes.updateBody, String], CrmWriteController.prototype, 'update');
  Reflect.defineMetadata('design:paramtypes', [Object, IdParamDto, CrmWriteQueryDto, String], CrmWriteController.prototype, 'delete');
  Object.defineProperty(CrmWriteController, 'name', { value: `Crm${routes.schema}WriteController` });
  return CrmWriteController;
}

/** The write routes of the Unified CRM API. */
export const CRM_WRITE_CONTROLLERS = [
  crmWriteController({
    resource: 'contacts',
    schema: 'Contact',
    noun: 'a contact',
    record: ContactDto,
    createBody: CreateContactDto,
    updateBody: UpdateContactDto,
    patterns: { create: CrmPatterns.createContact, update: CrmPatterns.updateContact, delete: CrmPatterns.deleteContact },
  }),
  crmWriteController({
    resource: 'accounts',
    schema: 'Account',
    noun: 'an account',
    record: AccountDto,
    createBody: CreateAccountDto,
    updateBody: UpdateAccountDto,
    patterns: { create: CrmPatterns.createAccount, update: CrmPatterns.updateAccount, delete: CrmPatterns.deleteAccount },
  }),
  crmWriteController({
    resource: 'leads',
    schema: 'Lead',
    noun: 'a lead',
    record: LeadDto,
    createBody: CreateLeadDto,
    updateBody: UpdateLeadDto,
    patterns: { create: CrmPatterns.createLead, update: CrmPatterns.updateLead, delete: CrmPatterns.deleteLead },
  }),
  crmWriteController({
    resource: 'opportunities',
    schema: 'Opportunity',
    noun: 'an opportunity',
    record: OpportunityDto,
    createBody: CreateOpportunityDto,
    updateBody: UpdateOpportunityDto,
    patterns: { create: CrmPatterns.createOpportunity, update: CrmPatterns.updateOpportunity, delete: CrmPatterns.deleteOpportunity },
  }),
  crmWriteController({
    resource: 'engagements',
    schema: 'Engagement',
    noun: 'an engagement (a call, email, meeting or task)',
    record: EngagementDto,
    createBody: CreateEngagementDto,
    updateBody: UpdateEngagementDto,
    patterns: { create: CrmPatterns.createEngagement, update: CrmPatterns.updateEngagement, delete: CrmPatterns.deleteEngagement },
  }),
  crmWriteController({
    resource: 'notes',
    schema: 'Note',
    noun: 'a note (optionally with a file)',
    record: NoteDto,
    createBody: CreateNoteDto,
    updateBody: UpdateNoteDto,
    patterns: { create: CrmPatterns.createNote, update: CrmPatterns.updateNote, delete: CrmPatterns.deleteNote },
  }),
];
