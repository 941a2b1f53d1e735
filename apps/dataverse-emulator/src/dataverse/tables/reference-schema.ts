import account from './reference/account.json';
import activityparty from './reference/activityparty.json';
import activitypointer from './reference/activitypointer.json';
import annotation from './reference/annotation.json';
import appointment from './reference/appointment.json';
import businessunit from './reference/businessunit.json';
import contact from './reference/contact.json';
import email from './reference/email.json';
import lead from './reference/lead.json';
import opportunity from './reference/opportunity.json';
import opportunityclose from './reference/opportunityclose.json';
import organization from './reference/organization.json';
import phonecall from './reference/phonecall.json';
import systemuser from './reference/systemuser.json';
import task from './reference/task.json';
import transactioncurrency from './reference/transactioncurrency.json';

/**
 * The facts of Microsoft's published entity reference, one JSON file per table (see `reference/README.md` for where
 * each came from and what the pages do not print).
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/about-entity-reference
 */
export interface ReferenceColumn {
  name: string;
  schema_name: string;
  type: string;
  /** Listed under "Writable columns" (valid for create or update) rather than "Read-only columns". */
  writable: boolean;
  required: string;
  max_length?: number;
  format?: string;
  min?: number;
  max?: number;
  precision?: number;
  datetime_behavior?: string;
  targets?: string[];
  options?: Array<{ value: number; label: string }>;
  default_value?: boolean;
  default_status?: Record<string, number>;
  state_of?: Record<string, number>;
  valid_for_read?: boolean;
}

export interface ReferenceManyToOne {
  schema_name: string;
  referencing_attribute: string;
  navigation_property: string;
  referenced_entity: string;
}

export interface ReferenceOneToMany {
  schema_name: string;
  referencing_entity: string;
  referencing_attribute: string;
  navigation_property: string;
}

export interface ReferenceTable {
  table: string;
  entity_set: string;
  primary_id: string;
  primary_name: string;
  schema_name: string;
  collection_schema_name: string;
  display_name: string;
  columns: ReferenceColumn[];
  many_to_one: ReferenceManyToOne[];
  one_to_many?: ReferenceOneToMany[];
}

export const REFERENCE_TABLES: ReadonlyMap<string, ReferenceTable> = new Map(
  ([
    account, activityparty, activitypointer, annotation, appointment, businessunit, contact, email, lead, opportunity,
    opportunityclose, organization, phonecall, systemuser, task, transactioncurrency,
  ] as unknown as ReferenceTable[]).map((t) => [t.table, t]),
);
