import type { EmulatedUser } from '../../world';
import type { OrgData } from '../org-data';
import type { TableStore } from '../store/table-store';
import type { ColumnDef, TableDef } from '../tables/table-descriptor';

/** What compiled query pieces read: one table of one organization, for one caller. */
export interface TableScope {
  data: OrgData;
  table: TableDef;
  store: TableStore;
}

export interface QueryScope extends TableScope {
  user: EmulatedUser;
  now: number;
}

export type ValueKind = 'string' | 'number' | 'datetime' | 'date' | 'guid' | 'boolean';

export function kindOf(c: ColumnDef): ValueKind {
  switch (c.type) {
    case 'String':
    case 'Memo':
    case 'EntityName':
    case 'MultiSelectPicklist':
      return 'string';
    case 'Integer':
    case 'BigInt':
    case 'Decimal':
    case 'Double':
    case 'Money':
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'number';
    case 'DateTime':
      return c.dateOnly ? 'date' : 'datetime';
    case 'Boolean':
      return 'boolean';
    default:
      return 'guid';
  }
}

/**
 * Reads one column of a row; the primary key lives in `store.ids`. Readers are compiled and used within one
 * synchronous request, so they may hold the column's array (absent while every value is null).
 */
export function columnReader(scope: TableScope, column: ColumnDef): (r: number) => unknown {
  const { store, table } = scope;
  if (column.logicalName === table.primaryIdAttribute) return (r) => store.ids[r];
  const name = column.logicalName;
  const arr = store.columnArray(name);
  if (!arr) return (r) => store.get(r, name);
  return (r) => {
    const v = arr[r];
    return v === undefined ? null : v;
  };
}
