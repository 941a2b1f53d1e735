import { applyDecorators, Controller, Delete, Get, HttpCode, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CallContext, CrmPatterns, DomainError, ErrorCode, ProxyMethod } from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { JsonBody } from '../http/json-body';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';

/** Our own query parameters; every other one is Dataverse's and passes through untouched. */
const OWN_PARAMETERS = new Set(['integrated_account_id', 'next_cursor']);

const ROUTE_DECORATORS = { GET: Get, POST: Post, PATCH: Patch, PUT: Put, DELETE: Delete } as const;

/** One proxy verb: `{METHOD} /proxy/{path}`, documented once for all verbs. */
function ProxyRoute(method: ProxyMethod): MethodDecorator {
  const name = method.charAt(0) + method.slice(1).toLowerCase();
  return applyDecorators(
    ROUTE_DECORATORS[method]('*'),
    // The envelope describes Dataverse's answer; it is not a resource we created.
    HttpCode(200),
    JsonBody(),
    ApiOperation({ operationId: `proxy${name}`, summary: `${method} on the Dataverse Web API of an integrated account` }),
    ApiParam({ name: 'path', required: true, description: 'A Dataverse Web API path under `/api/data/v9.2/`, e.g. `contacts` or `accounts(<id>)`; never a URL.', schema: { type: 'string' } }),
    ApiQuery({ name: 'integrated_account_id', required: true, description: 'The integrated account to call Dataverse for.' }),
    ApiQuery({ name: 'next_cursor', required: false, description: 'The `next_cursor` of the previous page of a list.' }),
    ApiOkResponse({ description: 'Lists as `{result: value, next_cursor}`; a single row as `{result: row}`.' }),
    ApiProblems(
      ErrorCode.VALIDATION_FAILED,
      ErrorCode.UNAUTHENTICATED,
      ErrorCode.NOT_FOUND,
      ErrorCode.INVALID_CURSOR,
      ErrorCode.NEEDS_REAUTH,
      ErrorCode.RATE_LIMITED,
      ErrorCode.UPSTREAM_REJECTED,
      ErrorCode.UPSTREAM_UNAVAILABLE,
    ),
  );
}

@ApiTags('Proxy')
@ApiBearerAuth()
@Controller('proxy')
export class ProxyController {
  constructor(private readonly services: ServiceClient) {}

  @ProxyRoute('GET')
  proxyGet(@CallerContext() caller: CallContext, @Req() request: FastifyRequest): Promise<Buffer> {
    return this.forward(caller, request);
  }

  @ProxyRoute('POST')
  proxyPost(@CallerContext() caller: CallContext, @Req() request: FastifyRequest): Promise<Buffer> {
    return this.forward(caller, request);
  }

  @ProxyRoute('PATCH')
  proxyPatch(@CallerContext() caller: CallContext, @Req() request: FastifyRequest): Promise<Buffer> {
    return this.forward(caller, request);
  }

  @ProxyRoute('PUT')
  proxyPut(@CallerContext() caller: CallContext, @Req() request: FastifyRequest): Promise<Buffer> {
    return this.forward(caller, request);
  }

  @ProxyRoute('DELETE')
  proxyDelete(@CallerContext() caller: CallContext, @Req() request: FastifyRequest): Promise<Buffer> {
    return this.forward(caller, request);
  }

  /**
   * Forwards to `{environment_url}/api/data/v9.2/{path}` with the caller's query options, body, `Prefer` and `If-Match`,
   * credentials injected and the same retry policy. `{path}` is a Dataverse path, never a URL.
   * The query string is Dataverse's ($select, $filter…) and is not validated here; crm-service validates our two parameters.
   */
  private forward(caller: CallContext, request: FastifyRequest): Promise<Buffer> {
    const method = request.method.toUpperCase() as ProxyMethod;
    const [rawPath, rawQuery = ''] = request.url.slice('/proxy/'.length).split(/\?(.*)/s, 2);
    const params = new URLSearchParams(rawQuery);
    const passthrough = rawQuery
      .split('&')
      .filter((pair) => pair && !OWN_PARAMETERS.has(queryKeyOf(pair)))
      .join('&');
    return this.services.sendJson(
      CrmPatterns.proxy,
      {
        integrated_account_id: params.get('integrated_account_id'),
        method,
        path: rawPath,
        query: passthrough,
        next_cursor: params.get('next_cursor') ?? undefined,
        prefer: headerOf(request, 'prefer'),
        if_match: headerOf(request, 'if-match'),
        body: request.body && typeof request.body === 'object' ? request.body : undefined,
      },
      caller,
    );
  }
}

/** The decoded name of a `name=value` pair; a malformed percent-escape is the caller's mistake (400), not ours. */
function queryKeyOf(pair: string): string {
  const key = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(key);
  } catch {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The query string has a malformed percent-escape', {
      errors: [{ field: 'query', message: `"${key.slice(0, 100)}" is not a valid percent-encoded name` }],
    });
  }
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
