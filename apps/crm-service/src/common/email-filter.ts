import { EntityAttributes, eq, Filter, or } from '@dua/dataverse-client';
import { EMAIL_COLUMNS } from './record-fields';

/** Rows with `email` in any email column the org has; the value is a literal, never query syntax. */
export function emailFilter(email: string | undefined, attributes: EntityAttributes): Filter | undefined {
  if (email === undefined) return undefined;
  return or(...EMAIL_COLUMNS.filter(({ column }) => attributes.has(column)).map(({ column }) => eq(column, email)));
}
