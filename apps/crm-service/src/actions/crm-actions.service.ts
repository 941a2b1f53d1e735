import { Inject, Injectable } from '@nestjs/common';
import { DataverseClient, DataverseFailureKind, DataverseRow, isDataverseError, LookupNavigationCache } from '@dua/dataverse-client';
import {
  CallContext,
  CrmActionRequest,
  CrmCreateOutcome,
  DomainError,
  ErrorCode,
  LoseOpportunityDto,
  QualifiedLeadDto,
  QualifyLeadDto,
  WinOpportunityDto,
} from '@dua/unified-models';
import { ACCOUNTS } from '../accounts/accounts.resource';
import { CONTACTS } from '../contacts/contacts.resource';
import { CrmReader } from '../common/crm-reader';
import { CRM_WRITE_OPTIONS, CrmWriteOptions } from '../common/crm-writer';
import { IdempotentRequests, requestHashOf } from '../common/idempotent-requests';
import { LEADS } from '../leads/leads.resource';
import { OPPORTUNITIES } from '../opportunities/opportunities.resource';

/** The one open `statecode` of leads and opportunities: every action starts from it. */
const OPEN = 0;
/** Dataverse's default reasons: lead 3 Qualified; opportunity 3 Won, 4 Canceled (lost). */
const QUALIFIED_REASON = 3;
const WON_REASON = 3;
const LOST_REASON = 4;
/** "The opportunity is already closed." (another request closed it between our check and the action). */
const OPPORTUNITY_ALREADY_CLOSED = '0x80040515';

const COMPETITOR_UNSUPPORTED = 'this organization cannot record a competitor on a lost opportunity';

/** The records QualifyLead creates, by the `@odata.type` it answers them with. */
const QUALIFIED_PARTS = {
  '#Microsoft.Dynamics.CRM.account': { part: 'account', resource: ACCOUNTS, key: 'accountid' },
  '#Microsoft.Dynamics.CRM.contact': { part: 'contact', resource: CONTACTS, key: 'contactid' },
  '#Microsoft.Dynamics.CRM.opportunity': { part: 'opportunity', resource: OPPORTUNITIES, key: 'opportunityid' },
} as const;

/**
 * Qualifying a lead and winning or losing an opportunity: Dataverse changes those states only through its actions
 * (a PATCH of `statecode` is refused). The record's state is checked first, so a record that cannot take the action
 * answers 409 `CONFLICT` and a missing one 404, before anything is sent. Each accepts an `Idempotency-Key`.
 */
@Injectable()
export class CrmActionsService {
  constructor(
    private readonly reader: CrmReader,
    private readonly navigations: LookupNavigationCache,
    private readonly idempotency: IdempotentRequests,
    @Inject(CRM_WRITE_OPTIONS) private readonly options: CrmWriteOptions,
  ) {}

  /**
   * `QualifyLead` creates the records asked for from the lead, links them and closes the lead, in one transaction.
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/qualifylead
   */
  qualifyLead(context: CallContext, request: CrmActionRequest<QualifyLeadDto>): Promise<CrmCreateOutcome> {
    return this.once(context, request, 'qualify leads', async (client) => {
      await this.requireOpen(client, LEADS.table.entitySet, request.id, 'lead', 'only an open lead can be qualified');
      const { data } = request;
      const response = await client.request<{ value: DataverseRow[] }>('POST', `leads(${request.id})/Microsoft.Dynamics.CRM.QualifyLead`, {
        body: {
          CreateAccount: data.create_account ?? true,
          CreateContact: data.create_contact ?? true,
          CreateOpportunity: data.create_opportunity ?? true,
          Status: data.status_reason ?? QUALIFIED_REASON,
        },
        annotations: false,
      });
      const scope = { integrated_account_id: request.integrated_account_id };
      const result: QualifiedLeadDto = { lead: await this.reader.get(context, LEADS, { ...scope, id: request.id }) };
      for (const created of response.body.value ?? []) {
        const part = QUALIFIED_PARTS[String(created['@odata.type']) as keyof typeof QUALIFIED_PARTS];
        if (!part) continue;
        const id = String(created[part.key]);
        if (part.part === 'account') result.account = await this.reader.get(context, ACCOUNTS, { ...scope, id });
        else if (part.part === 'contact') result.contact = await this.reader.get(context, CONTACTS, { ...scope, id });
        else result.opportunity = await this.reader.get(context, OPPORTUNITIES, { ...scope, id });
      }
      return result;
    });
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/winopportunity */
  winOpportunity(context: CallContext, request: CrmActionRequest<WinOpportunityDto>): Promise<CrmCreateOutcome> {
    const { data } = request;
    return this.closeOpportunity(context, request, 'WinOpportunity', data.status_reason ?? WON_REASON, { subject: 'Opportunity won', actualrevenue: data.actual_amount }, {});
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/loseopportunity */
  loseOpportunity(context: CallContext, request: CrmActionRequest<LoseOpportunityDto>): Promise<CrmCreateOutcome> {
    const { data } = request;
    const competitor = data.competitor_id ? { lookup: 'competitorid', target: 'competitor', id: data.competitor_id, field: 'competitor_id' } : undefined;
    return this.closeOpportunity(context, request, 'LoseOpportunity', data.status_reason ?? LOST_REASON, { subject: 'Opportunity lost' }, competitor ? { competitor } : {});
  }

  /** The `OpportunityClose` activity (bound to the opportunity, and to a competitor, through the org's navigation properties) and the action. */
  private closeOpportunity(
    context: CallContext,
    request: CrmActionRequest<WinOpportunityDto | LoseOpportunityDto>,
    action: 'WinOpportunity' | 'LoseOpportunity',
    status: number,
    columns: DataverseRow,
    extra: { competitor?: { lookup: string; target: string; id: string; field: string } },
  ): Promise<CrmCreateOutcome> {
    return this.once(context, request, action, async (client) => {
      const navigations = await this.navigations.get(client, 'opportunityclose');
      const close: DataverseRow = { ...columns, ...navigations.bindingOf('opportunityid', 'opportunity', request.id) };
      if (request.data.description !== undefined) close['description'] = request.data.description;
      close['actualend'] = request.data.close_date ?? new Date().toISOString();
      if (extra.competitor) {
        const binding = navigations.bindingOf(extra.competitor.lookup, extra.competitor.target, extra.competitor.id);
        if (!binding) throw new DomainError(ErrorCode.VALIDATION_FAILED, `${extra.competitor.field}: ${COMPETITOR_UNSUPPORTED}`, { errors: [{ field: extra.competitor.field, message: COMPETITOR_UNSUPPORTED }] });
        Object.assign(close, binding);
      }
      if (close['actualrevenue'] === undefined) delete close['actualrevenue'];
      await this.requireOpen(client, OPPORTUNITIES.table.entitySet, request.id, 'opportunity', 'the opportunity is already closed');
      try {
        await client.request('POST', action, { body: { Status: status, OpportunityClose: close }, annotations: false, discardBody: true });
      } catch (error) {
        if (isDataverseError(error) && error.remote?.code?.toLowerCase() === OPPORTUNITY_ALREADY_CLOSED) throw new DomainError(ErrorCode.CONFLICT, 'The opportunity is already closed', { remote: error.remote });
        throw error;
      }
      return this.reader.get(context, OPPORTUNITIES, { integrated_account_id: request.integrated_account_id, id: request.id });
    });
  }

  /** 404 when the record is missing, 409 when it is no longer open. */
  private async requireOpen(client: DataverseClient, entitySet: string, id: string, noun: string, conflict: string): Promise<void> {
    let row: DataverseRow;
    try {
      row = await client.retrieve<DataverseRow>(entitySet, id, { select: ['statecode'] });
    } catch (error) {
      if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) throw DomainError.notFound(`The ${noun} ${id}`);
      throw error;
    }
    if (row['statecode'] !== OPEN) throw new DomainError(ErrorCode.CONFLICT, `${conflict} (its status is not open)`);
  }

  /** The action's answer (`{"result": …}`), once per idempotency key. */
  private async once(context: CallContext, request: CrmActionRequest<object>, operation: string, run: (client: DataverseClient) => Promise<unknown>): Promise<CrmCreateOutcome> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const scope = request.idempotency_key === undefined ? undefined : { integrated_account_id: request.integrated_account_id, key: request.idempotency_key };
    const hash = requestHashOf(`${operation} ${request.id.toLowerCase()}`, request.data);
    return this.idempotency.once(context, scope, hash, this.options.idempotencyLeaseMs, 200, async () => JSON.stringify({ result: await run(client) }));
  }
}
