import { DataverseClient, ODataQuery, Page } from '@dua/dataverse-client';
import { CursorCodec } from '@dua/service-kit';
import { CallContext } from '@dua/unified-models';

/**
 * What every `next_cursor` over Dataverse holds: its own `@odata.nextLink` (the paging cookie; Dataverse has no
 * `$skip`) and the page size of the page it came from. The cursor is signed and bound to who asks and which rows, so it
 * cannot be replayed with another account or other filters; the nextLink inside is checked again by the client to stay
 * in the account's environment. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 */
export interface NextLinkPosition {
  nextLink: string;
  pageSize: number;
}

/** Query members that do not change which rows a query returns, so a cursor is not bound to them. */
const UNBOUND_MEMBERS = new Set(['next_cursor', 'limit', 'include_remote_data']);

/** The binding of a list cursor: the caller's environment, the resource, and every member of the query that selects rows. */
export function cursorBinding(context: CallContext, resource: string, query: object): Record<string, unknown> {
  const filters = Object.fromEntries(Object.entries(query).filter(([member]) => !UNBOUND_MEMBERS.has(member)));
  return { environment: context.environment_id, resource, filters };
}

/** Decode before any remote call: a bad cursor is the caller's mistake and costs nothing. */
export function decodeNextLink(cursors: CursorCodec, cursor: string | undefined, binding: unknown): NextLinkPosition | undefined {
  return cursor ? cursors.decode<NextLinkPosition>(cursor, binding) : undefined;
}

export function encodeNextLink(cursors: CursorCodec, nextLink: string | undefined, pageSize: number, binding: unknown): string | null {
  return nextLink ? cursors.encode<NextLinkPosition>({ nextLink, pageSize }, binding) : null;
}

/** One page: the first from `source`, or the one `position` points to; and the cursor of the page after it. */
export async function pageAtCursor<Row>(
  client: DataverseClient,
  cursors: CursorCodec,
  position: NextLinkPosition | undefined,
  source: { entitySet: string; query: ODataQuery },
  pageSize: number,
  binding: unknown,
): Promise<{ page: Page<Row>; nextCursor: string | null }> {
  const page = await client.page<Row>(position ? { nextLink: position.nextLink } : source, pageSize);
  return { page, nextCursor: encodeNextLink(cursors, page.nextLink, pageSize, binding) };
}
