import type { Dispatcher } from 'undici';

/**
 * A response requested ahead: its status and headers, and its body left unread, waiting in its connection (and in
 * Dataverse) until a request asks for it. Nothing of it is parsed or kept in this process before then.
 */
export interface HeldResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** Closes the body unread, and its connection with it. */
  discard(): void;
}

export interface ReadAheadLimits {
  /**
   * Responses held at once, every account's together. Each holds a connection to Dataverse, and a request there,
   * until it is asked for or dropped; none starts while the limit is reached. 0 turns reading ahead off.
   */
  maxPages: number;
  /** How long a response read ahead waits to be asked for: the most out of date a page served from it can be. */
  ttlMs: number;
}

/**
 * What became of a read ahead: `used` (a request was answered from it), `expired` (nobody asked in time), `failed`
 * (Dataverse did not answer it with a page), `full` (not started: `maxPages` were held), `forgotten` (its account was
 * revoked, or the process dropped every grant).
 */
export type ReadAheadOutcome = 'used' | 'expired' | 'failed' | 'full' | 'forgotten';

interface Entry {
  owner: string;
  response: Promise<HeldResponse | undefined>;
  held?: HeldResponse;
  /** Dropped or taken. */
  done: boolean;
  expiry?: NodeJS.Timeout;
}

/**
 * Pages requested ahead of a sequential scan, for the process. A client reading a collection page by page asks for
 * the next page as soon as it has this one; requesting that page from Dataverse while this one travels to the client
 * (and is read there) overlaps Dataverse's time with ours and the client's, instead of adding them up. The body is
 * read only when the page is asked for, so a page read ahead costs a connection, not memory.
 *
 * An entry is keyed by exactly the request that would fetch it (the Web API and user, the path and query, the `Prefer`
 * header), so a page is only ever served to the same request, and only once. Its owner (the account) lets a
 * revocation drop what the account has read ahead.
 */
export class ReadAhead {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: ReadAheadLimits,
    private readonly onOutcome: (outcome: ReadAheadOutcome) => void = () => undefined,
  ) {}

  /** Responses held or being requested now. */
  get size(): number {
    return this.entries.size;
  }

  /** Starts `read` for `key` unless that key is already held or being read, or `maxPages` are. */
  start(key: string, owner: string, read: () => Promise<HeldResponse>): void {
    if (this.limits.maxPages === 0 || this.entries.has(key)) return;
    if (this.entries.size >= this.limits.maxPages) {
      this.onOutcome('full');
      return;
    }
    const entry: Entry = { owner, done: false, response: Promise.resolve(undefined) };
    this.entries.set(key, entry);
    entry.response = read().then(
      (response) => {
        if (entry.done) {
          response.discard(); // dropped while it was requested
          return undefined;
        }
        entry.held = response;
        entry.expiry = setTimeout(() => this.drop(key, entry, 'expired'), this.limits.ttlMs).unref();
        return response;
      },
      () => {
        this.drop(key, entry, 'failed');
        return undefined;
      },
    );
  }

  /**
   * The response read ahead for `key`, taken (it serves one request; reading its body is the taker's): undefined when
   * there is none; a promise of undefined when its request fails. A request still under way is joined, not repeated.
   */
  take(key: string): Promise<HeldResponse | undefined> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.response.then((response) => {
      if (entry.done || !response) return undefined;
      entry.done = true;
      clearTimeout(entry.expiry);
      this.onOutcome('used');
      return response;
    });
  }

  /** Drops what `owner` has read ahead, requests under way included. */
  forget(owner: string): void {
    for (const [key, entry] of this.entries) if (entry.owner === owner) this.drop(key, entry, 'forgotten');
  }

  /** Drops everything. */
  clear(): void {
    for (const [key, entry] of this.entries) this.drop(key, entry, 'forgotten');
  }

  private drop(key: string, entry: Entry, outcome: ReadAheadOutcome): void {
    if (entry.done) return;
    entry.done = true;
    if (this.entries.get(key) === entry) this.entries.delete(key);
    clearTimeout(entry.expiry);
    entry.held?.discard();
    this.onOutcome(outcome);
  }
}
