import { FieldError } from '@dua/unified-models';

/** A lookup to set or clear; its `@odata.bind` navigation property is resolved from the org's metadata by the writer. */
export interface LookupWrite {
  /** The unified field that asked for it (for error messages), e.g. `account` or `custom_fields.new_referredbyid`. */
  field: string;
  /** The lookup column's logical name, e.g. `parentcustomerid`. */
  lookup: string;
  /** The target table, e.g. `account`; with `id: null` the lookup is cleared. */
  target: string;
  id: string | null;
}

/** A state change: `statecode` with a matching `statuscode`, always sent together. */
export interface StateWrite {
  statecode: number;
  statuscode: number;
}

/**
 * What a reverse mapper produces from a unified record: plain column values, lookups to bind, a state change, and
 * the fields it refused. Pure data: the writer turns it into a Dataverse body once navigation properties are known.
 */
export class WritePlan {
  readonly columns: Record<string, unknown> = {};
  readonly lookups: LookupWrite[] = [];
  state?: StateWrite;
  readonly errors: FieldError[] = [];

  column(column: string, value: unknown): this {
    this.columns[column] = value;
    return this;
  }

  lookup(write: LookupWrite): this {
    this.lookups.push(write);
    return this;
  }

  refuse(field: string, message: string): this {
    this.errors.push({ field, message });
    return this;
  }

  /** Whether anything is to be written besides the state (a create sends the state in a second request). */
  get isEmpty(): boolean {
    return Object.keys(this.columns).length === 0 && this.lookups.length === 0;
  }
}
