import { DataverseError, dataverseErrors } from '../errors/dataverse-error';
import { TableDef } from '../tables/table-descriptor';
import { ApiRequest, ApiResponse, emptyResponse } from '../web-api/api-types';
import { createRecord, resolveReference, stampModified } from './record-writer';

/**
 * `POST WinOpportunity` / `POST LoseOpportunity`: opportunities are closed by these actions, not by PATCHing
 * statecode. Body: `{"Status": <statuscode>, "OpportunityClose": {"subject": …, "opportunityid@odata.bind": …}}`; the
 * OpportunityClose becomes a completed opportunityclose activity.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/use-web-api-actions
 */
export function closeOpportunity(req: ApiRequest, action: 'WinOpportunity' | 'LoseOpportunity', body: Record<string, unknown>): ApiResponse {
  const { data } = req;
  const table: TableDef = data.registry.table('opportunity');
  const close = body.OpportunityClose as Record<string, unknown> | undefined;
  const ref = close?.['opportunityid@odata.bind'];
  if (typeof body.Status !== 'number' || !close || typeof ref !== 'string') {
    throw dataverseErrors.badRequest('Request message has unresolved parameters.');
  }
  const ctx = { data, user: req.user, now: req.now };
  const target = resolveReference(ctx, ref);
  const r = data.findRow(table, target.id);
  if (r < 0) throw dataverseErrors.recordNotFound('opportunity', target.id);
  const won = action === 'WinOpportunity';
  const state = won ? 1 : 2;
  const store = data.store(table);
  // Closing is not repeatable: a closed opportunity answers OpportunityIsAlreadyClosed.
  if (store.get(r, 'statecode') !== 0) throw new DataverseError(400, '0x80040515', 'The opportunity is already closed.');
  const status = data.registry.column(table, 'statuscode')!.options!.find((o) => o.value === body.Status);
  if (!status || status.state !== state) {
    throw new DataverseError(400, '0x80040203', `${body.Status} is not a valid status code for state code OpportunityState.${won ? 'Won' : 'Lost'} on opportunity with Id ${target.id}.`);
  }
  data.transaction(() => {
    // The OpportunityClose activity records how it closed (subject, actual revenue, close date, description).
    const closeTable = data.registry.table('opportunityclose');
    const cr = createRecord(ctx, closeTable, close);
    const closeStore = data.store(closeTable);
    closeStore.set(cr, 'statecode', 1);
    closeStore.set(cr, 'statuscode', 2);
    if (closeStore.get(cr, 'actualend') === null) closeStore.set(cr, 'actualend', req.now);
    data.derive(closeTable, closeStore, cr);
    store.set(r, 'statecode', state);
    store.set(r, 'statuscode', status.value);
    const closedOn = closeStore.get(cr, 'actualend') as number;
    store.set(r, 'actualclosedate', new Date(closedOn).toISOString().slice(0, 10));
    store.set(r, 'closeprobability', won ? 100 : 0);
    if (won) store.set(r, 'actualvalue', typeof close.actualrevenue === 'number' ? close.actualrevenue : store.get(r, 'estimatedvalue'));
    stampModified(ctx, table, r);
  });
  return emptyResponse(204);
}
