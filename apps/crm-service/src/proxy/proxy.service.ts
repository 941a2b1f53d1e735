import { Inject, Injectable } from '@nestjs/common';
import { AccountDataverse, decodeNextLink, encodeNextLink } from '@dua/account-access';
import { withSkiptoken } from '@dua/dataverse-client';
import { CallContext, ProxyRequestDto, ProxyResult } from '@dua/unified-models';
import { CursorCodec } from '@dua/service-kit';
import { checkProxyPath } from './proxy-path';

/**
 * The 1-to-1 proxy: the caller's Dataverse request with the account's credentials injected and the client's
 * retry policy. Lists come back as `{result: value, next_cursor}`, where the cursor is the signed nextLink.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly dataverse: AccountDataverse,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async forward(context: CallContext, request: ProxyRequestDto): Promise<ProxyResult> {
    const path = checkProxyPath(request.path);
    const client = await this.dataverse.clientFor(context, request.integrated_account_id);
    const binding = { resource: 'proxy', environment: context.environment_id, account: request.integrated_account_id, path, query: request.query };
    const prefer = request.prefer
      ? request.prefer
          .split(',')
          .map((preference) => preference.trim())
          .filter(Boolean)
      : [];

    const position = request.method === 'GET' ? decodeNextLink(this.cursors, request.next_cursor, binding) : undefined;
    if (position && 'nextLink' in position) {
      const page = await client.page({ nextLink: position.nextLink }, position.pageSize);
      return { result: page.rows, next_cursor: encodeNextLink(this.cursors, page.nextLink, position.pageSize, binding) };
    }

    // A later page is the caller's query again plus Dataverse's $skiptoken, at the page size it was issued for.
    const query = withSkiptoken(request.query ? `?${request.query}` : '', position?.skiptoken);
    const response = await client.request<Record<string, unknown> | undefined>(request.method, path, {
      query,
      body: request.body,
      prefer: position ? [...prefer.filter((preference) => !preference.startsWith('odata.maxpagesize=')), `odata.maxpagesize=${position.pageSize}`] : prefer,
      ifMatch: request.if_match,
      annotations: false,
    });
    const body = response.body;
    if (body && Array.isArray(body['value'])) {
      const nextLink = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
      return { result: body['value'], next_cursor: encodeNextLink(this.cursors, nextLink, position?.pageSize ?? pageSizeOf(prefer), binding) };
    }
    if (body === undefined) {
      const entityId = response.headers['odata-entityid'];
      return { result: typeof entityId === 'string' ? { entity_id: entityId } : null };
    }
    return { result: body };
  }
}

function pageSizeOf(prefer: string[]): number {
  const size = prefer.map((preference) => /^odata\.maxpagesize=(\d+)$/.exec(preference)?.[1]).find(Boolean);
  return size ? Number(size) : 5000;
}
