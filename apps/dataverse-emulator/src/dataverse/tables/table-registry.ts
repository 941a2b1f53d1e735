import { ColumnDef, isLookup, lookupProperty, TableDef } from './table-descriptor';

export interface SingleNav {
  name: string;
  column: ColumnDef;
  target: string;
}

export interface CollectionNav {
  name: string;
  /** The table whose lookup points back at us. */
  child: TableDef;
  column: ColumnDef;
}

/** Indexes over one organization's table descriptors: by name, entity set, property and navigation property. */
export class TableRegistry {
  readonly byName = new Map<string, TableDef>();
  readonly bySet = new Map<string, TableDef>();
  private readonly props = new Map<string, Map<string, ColumnDef>>();
  private readonly navs = new Map<string, Map<string, SingleNav>>();
  private readonly collections = new Map<string, Map<string, CollectionNav>>();
  private readonly columnsByName = new Map<string, Map<string, ColumnDef>>();
  private readonly webApiColumns = new Map<string, ColumnDef[]>();
  /** Columns of every table sharing one physical store (activities share activitypointer's). */
  readonly storageColumns = new Map<string, Map<string, ColumnDef>>();

  constructor(readonly tables: TableDef[]) {
    for (const t of tables) {
      this.byName.set(t.logicalName, t);
      this.bySet.set(t.entitySetName, t);
      const props = new Map<string, ColumnDef>();
      const navs = new Map<string, SingleNav>();
      this.columnsByName.set(t.logicalName, new Map(t.columns.map((c) => [c.logicalName, c])));
      this.webApiColumns.set(t.logicalName, t.columns.filter((c) => c.webApi !== false));
      for (const c of t.columns) {
        if (c.webApi === false) continue;
        props.set(isLookup(c) ? lookupProperty(c.logicalName) : c.logicalName, c);
        for (const [target, names] of Object.entries(c.navs ?? {})) {
          // A name several targets share (`ownerid` for systemuser and team) resolves to the first for `$expand`.
          for (const name of names) if (!navs.has(name)) navs.set(name, { name, column: c, target });
        }
      }
      this.props.set(t.logicalName, props);
      this.navs.set(t.logicalName, navs);
      this.collections.set(t.logicalName, new Map());
      const storage = this.storageColumns.get(t.storage) ?? new Map<string, ColumnDef>();
      for (const c of t.columns) if (!storage.has(c.logicalName)) storage.set(c.logicalName, c);
      this.storageColumns.set(t.storage, storage);
    }
    for (const child of tables) {
      for (const c of child.columns) {
        for (const [target, name] of Object.entries(c.reverseNavs ?? {})) {
          this.collections.get(target)?.set(name, { name, child, column: c });
        }
      }
    }
  }

  table(logicalName: string): TableDef {
    const t = this.byName.get(logicalName);
    if (!t) throw new Error(`unknown table ${logicalName}`);
    return t;
  }

  /** A readable property: a column's logical name, or `_x_value` for a lookup. */
  property(table: TableDef, name: string): ColumnDef | undefined {
    return this.props.get(table.logicalName)?.get(name);
  }

  column(table: TableDef, logicalName: string): ColumnDef | undefined {
    return this.columnsByName.get(table.logicalName)?.get(logicalName);
  }

  /** The columns that are properties of the Web API's entity type (what a read without `$select` returns). */
  readableColumns(table: TableDef): ColumnDef[] {
    return this.webApiColumns.get(table.logicalName) ?? table.columns;
  }

  singleNav(table: TableDef, name: string): SingleNav | undefined {
    return this.navs.get(table.logicalName)?.get(name);
  }

  collectionNav(table: TableDef, name: string): CollectionNav | undefined {
    return this.collections.get(table.logicalName)?.get(name);
  }

  collectionNavs(table: TableDef): CollectionNav[] {
    return [...(this.collections.get(table.logicalName)?.values() ?? [])];
  }

  singleNavs(table: TableDef): SingleNav[] {
    return [...(this.navs.get(table.logicalName)?.values() ?? [])];
  }

  /** The canonical navigation property of a lookup for one target (written in annotations and used for $expand). */
  navFor(column: ColumnDef, target: string): string | undefined {
    return column.navs?.[target]?.[0];
  }
}
