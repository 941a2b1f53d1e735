/** One Dataverse table as the client reads it: where it lives, its key, and the columns we ask for. */
export interface TableDescriptor<Row> {
  logicalName: string;
  entitySet: string;
  primaryKey: string;
  primaryName: string;
  /** The `$select` list; lookups as `_x_value`. Never empty: Dataverse returns every column without one. */
  select: readonly (keyof Row & string)[];
  /** The Microsoft Learn reference page of the table. */
  reference: string;
}

export function defineTable<Row>(descriptor: TableDescriptor<Row>): TableDescriptor<Row> {
  return descriptor;
}
