import { DataverseRow, OpportunityRow } from '@dua/dataverse-client';
import { OpportunityDto, OpportunityStatus, UpdateOpportunityDto } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import {
  currencyOf,
  numberOf,
  ReferenceColumn,
  referenceOf,
  stateOf,
  text,
  typedReferenceOf,
  writeColumns,
  writeCurrency,
  writeReference,
  writeState,
} from '../common/record-fields';
import { WritePlan } from '../common/write-plan';

/** opportunity `statecode`: 0 Open, 1 Won, 2 Lost. */
export const OPPORTUNITY_STATES: Readonly<Record<number, OpportunityStatus>> = {
  0: OpportunityStatus.OPEN,
  1: OpportunityStatus.WON,
  2: OpportunityStatus.LOST,
};
/** opportunity `statuscode` of each state: 1 In Progress, 3 Won, 4 Canceled. */
const OPPORTUNITY_DEFAULT_REASONS: Readonly<Record<number, number>> = { 0: 1, 1: 3, 2: 4 };

/** Unified text, number and date fields ← opportunity column, both ways. */
const VALUE_COLUMNS = {
  name: 'name',
  description: 'description',
  amount: 'estimatedvalue',
  probability: 'closeprobability',
  close_date: 'estimatedclosedate',
  stage: 'stepname',
} as const;

const REFERENCE_COLUMNS = {
  account: { lookup: 'parentaccountid', target: 'account' },
  contact: { lookup: 'parentcontactid', target: 'contact' },
  owner: { lookup: 'ownerid', target: 'systemuser' },
  originating_lead: { lookup: 'originatingleadid', target: 'lead' },
} as const satisfies Record<string, ReferenceColumn>;
/** The potential customer: one lookup, an account or a contact (`type` says which). */
const CUSTOMER_LOOKUP = 'customerid';

export function mapOpportunity(row: Partial<OpportunityRow> & DataverseRow, currencyCodes: ReadonlyMap<string, string>): ResourceFields<OpportunityDto> {
  return {
    name: text(row, VALUE_COLUMNS.name),
    description: text(row, VALUE_COLUMNS.description),
    amount: numberOf(row, VALUE_COLUMNS.amount),
    currency: currencyOf(row, currencyCodes),
    probability: numberOf(row, VALUE_COLUMNS.probability),
    close_date: text(row, VALUE_COLUMNS.close_date),
    stage: text(row, VALUE_COLUMNS.stage),
    status: stateOf(row, OPPORTUNITY_STATES),
    account: referenceOf(row, `_${REFERENCE_COLUMNS.account.lookup}_value`),
    contact: referenceOf(row, `_${REFERENCE_COLUMNS.contact.lookup}_value`),
    customer: typedReferenceOf(row, `_${CUSTOMER_LOOKUP}_value`),
    owner: referenceOf(row, `_${REFERENCE_COLUMNS.owner.lookup}_value`),
    originating_lead: referenceOf(row, `_${REFERENCE_COLUMNS.originating_lead.lookup}_value`),
  };
}

/** The unified opportunity (any subset of its writable fields) to the opportunity columns to write. */
export function unmapOpportunity(input: UpdateOpportunityDto, currencyIds: ReadonlyMap<string, string>): WritePlan {
  const plan = new WritePlan();
  writeColumns(plan, input, VALUE_COLUMNS);
  writeCurrency(plan, input.currency, currencyIds);
  for (const field of ['account', 'contact', 'owner', 'originating_lead'] as const) writeReference(plan, field, input[field], REFERENCE_COLUMNS[field]);
  if (input.customer !== undefined) {
    const customer = input.customer;
    plan.lookup({ field: 'customer', lookup: CUSTOMER_LOOKUP, target: customer?.type ?? 'account', id: customer?.id ?? null });
  }
  writeState(plan, input.status, undefined, OPPORTUNITY_STATES, OPPORTUNITY_DEFAULT_REASONS);
  return plan;
}
