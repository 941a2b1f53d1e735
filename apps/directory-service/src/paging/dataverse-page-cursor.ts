import { DataverseClient, ODataQuery, Page } from '@dua/dataverse-client';
import { CursorCodec } from '@dua/service-kit';

/** What a `next_cursor` holds: Dataverse's own `@odata.nextLink`, which carries its paging cookie. */
interface NextLinkPosition {
  nextLink: string;
}

/**
 * One page of a Dataverse list, the first from `source` or the one a cursor points to, and the cursor of the next.
 * The cursor is signed and bound to `binding` (environment, account, resource, filters), so it cannot be replayed
 * with another account or other filters; the nextLink inside is checked again by the client to stay in the account's
 * environment. Dataverse has no `$skip`: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 */
export async function pageThroughCursor<Row>(
  client: DataverseClient,
  cursors: CursorCodec,
  binding: Record<string, unknown>,
  source: { entitySet: string; query: ODataQuery },
  limit: number,
  cursor: string | undefined,
): Promise<{ page: Page<Row>; nextCursor: string | null }> {
  const position = cursor ? cursors.decode<NextLinkPosition>(cursor, binding) : undefined;
  const page = await client.page<Row>(position ? { nextLink: position.nextLink } : source, limit);
  const nextCursor = page.nextLink ? cursors.encode<NextLinkPosition>({ nextLink: page.nextLink }, binding) : null;
  return { page, nextCursor };
}
