import { DataverseRow, OpportunityRow } from '@dua/dataverse-client';
import { OpportunityDto, OpportunityStatus } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { currencyOf, numberOf, referenceOf, stateOf, text, typedReferenceOf } from '../common/record-fields';

/** opportunity `statecode`: 0 Open, 1 Won, 2 Lost. */
export const OPPORTUNITY_STATES: Readonly<Record<number, OpportunityStatus>> = {
  0: OpportunityStatus.OPEN,
  1: OpportunityStatus.WON,
  2: OpportunityStatus.LOST,
};

export function mapOpportunity(row: Partial<OpportunityRow> & DataverseRow, currencyCodes: ReadonlyMap<string, string>): ResourceFields<OpportunityDto> {
  return {
    name: text(row, 'name'),
    description: text(row, 'description'),
    amount: numberOf(row, 'estimatedvalue'),
    currency: currencyOf(row, currencyCodes),
    probability: numberOf(row, 'closeprobability'),
    close_date: text(row, 'estimatedclosedate'),
    stage: text(row, 'stepname'),
    status: stateOf(row, OPPORTUNITY_STATES),
    account: referenceOf(row, '_parentaccountid_value'),
    contact: referenceOf(row, '_parentcontactid_value'),
    customer: typedReferenceOf(row, '_customerid_value'),
    owner: referenceOf(row, '_ownerid_value'),
    originating_lead: referenceOf(row, '_originatingleadid_value'),
  };
}
