import { Dispatcher, errors as undiciErrors } from 'undici';
import { AnnotationRequest, DataverseRow, includeAnnotationsPreference } from '../odata/annotations';
import { guid } from '../odata/odata-literal';
import { buildQueryString, ODataQuery } from '../odata/query';
import { BatchItem, BatchResponse, buildBatchBody, parseBatchResponse } from '../batch/batch';
import { classifyDataverseError, DataverseError, DataverseFailureKind, invalidRequest, networkFailure, remoteErrorOf } from '../errors/dataverse-error';
import { ConcurrencyGate, concurrencyGateFor, GateTimeoutError } from '../resilience/concurrency-gate';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_RETRY_OPTIONS, delayBeforeRetry, isRetryable, nextAttemptReserveMs, parseRetryAfter, RetryOptions } from '../resilience/retry-policy';
import { CallerCodeError, readCollection } from '../transport/collection-reader';
import { poolFor } from '../transport/http-pool';
import { HeldResponse, ReadAhead } from '../transport/read-ahead';
import { DataverseClientHooks } from './client-hooks';
import { TokenProvider } from './token-provider';

export const WEB_API_PATH = '/api/data/v9.2/';

type BodyReadable = Dispatcher.ResponseData['body'];

/** Dataverse's cap on a page; also its default. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results */
export const MAX_PAGE_SIZE = 5000;

export interface DataverseClientOptions {
  /** The environment URL, e.g. `https://contoso.crm.dynamics.com` (the emulator's has a path: `http://127.0.0.1:7070/orgs/contoso`). */
  environmentUrl: string;
  tokens: TokenProvider;
  /** Identifies the Dataverse user behind the tokens, for the per-user concurrency cap (e.g. the integrated account id). */
  userKey: string;
  /** Concurrent requests per Dataverse user; Dataverse allows 52. */
  maxConcurrentRequests?: number;
  retry?: Partial<RetryOptions>;
  /** Per attempt, headers and body (never more than what is left of the call's budget). */
  requestTimeoutMs?: number;
  /**
   * When the request this client serves must be answered (epoch ms): no attempt, wait or queueing for a slot runs past
   * it, whatever each call's own budget says. Services set it from the gateway's timeout (see `timeoutChainOf`).
   */
  deadline?: number;
  /** Below this many remaining burst requests the client spaces its requests out. */
  burstRemainingThreshold?: number;
  hooks?: DataverseClientHooks;
  /** Where pages read ahead of a sequential scan are kept (see `page`'s `readAhead`); none are read without it. */
  readAhead?: ReadAhead;
}

export interface RequestOptions {
  query?: ODataQuery | string;
  body?: unknown;
  /** `Prefer` preferences, e.g. `return=representation`. */
  prefer?: string[];
  ifMatch?: string;
  ifNoneMatch?: string;
  /** The annotations to ask for (default every one: `*`). */
  annotations?: AnnotationRequest;
  /** Parse no body even when there is one. */
  discardBody?: boolean;
  /** A non-JSON body (`$batch`); the response body is then returned as text. */
  rawBody?: { contentType: string; text: string };
  /**
   * Reads a successful response's body as it arrives, instead of as one JSON text (an error's body is read as usual).
   * It runs inside the attempt: a body the network cuts off fails the attempt, which is retried like any other.
   */
  readBody?: (body: AsyncIterable<Uint8Array>) => Promise<unknown>;
}

export interface DataverseResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface Page<Row> {
  rows: Row[];
  /** Absolute URL of the next page, as Dataverse gave it; absent on the last page. */
  nextLink?: string;
  /** With `count: true`: `@odata.count` (Dataverse caps it at 5000). */
  count?: number;
}

interface CollectionBody<Row> {
  value: Row[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

export interface ChangesPage<Row> {
  /** New or updated rows (Dataverse does not say which), in its order. */
  rows: Row[];
  /** The ids of `$deletedEntity` entries: rows deleted since the token, including rows we never saw. */
  deletedIds: string[];
  /** Absolute URL of the next page of this read. */
  nextLink?: string;
  /** On the last page only: where the next read of changes starts. */
  deltaLink?: string;
}

/**
 * The one way our services talk to Dataverse: transport only, no unified models. One instance per call context
 * (environment + token provider); connection pools and per-user concurrency gates are shared in the process.
 */
export class DataverseClient {
  private readonly apiBase: URL;
  private readonly retry: RetryOptions;
  private readonly gate: ConcurrencyGate;
  /** The Web API and the Dataverse user: what a request's concurrency slot and a page read ahead belong to. */
  private readonly userScope: string;
  private readonly timeoutMs: number;
  private readonly burstThreshold: number;

  constructor(private readonly options: DataverseClientOptions) {
    // Environment URLs may carry a path (the emulator's do): join, never resolve against the origin.
    this.apiBase = new URL(`${options.environmentUrl.replace(/\/+$/, '')}${WEB_API_PATH}`);
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.userScope = `${this.apiBase.origin}${this.apiBase.pathname}|${options.userKey}`;
    this.gate = concurrencyGateFor(this.userScope, options.maxConcurrentRequests ?? 52);
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.burstThreshold = options.burstRemainingThreshold ?? 50;
  }

  get webApiUrl(): string {
    return this.apiBase.toString();
  }

  /**
   * One page of `entitySet` (from the page `skiptoken` names: a nextLink is the same query plus `$skiptoken`), or the
   * page a stored `nextLink` points to. With `mapRow`, the page is read and mapped as it arrives (`CollectionReader`):
   * each row is mapped as soon as it is parsed, so no page (7.5 MB of JSON at 5000 rows) is ever held whole, as bytes,
   * as one string or as raw rows. That also costs less CPU than parsing the body whole, even at 100 rows (no large
   * string to decode and collect).
   *
   * With `readAhead` (a caller that is paging through with a cursor) and the client's `ReadAhead` store, the next page
   * is requested as soon as this one is read, and its body left unread until the next call asks for exactly it: a
   * scan then waits for Dataverse or for its own client, whichever is slower, instead of for one after the other.
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
   */
  async page<Row = DataverseRow, Item = Row>(
    source: { entitySet: string; query?: ODataQuery; skiptoken?: string } | { nextLink: string },
    pageSize = MAX_PAGE_SIZE,
    annotations: AnnotationRequest = true,
    mapRow?: (row: Row) => Item,
    options: { readAhead?: boolean } = {},
  ): Promise<Page<Item>> {
    const size = Math.min(Math.max(1, Math.trunc(pageSize)), MAX_PAGE_SIZE);
    // The query without its `$skiptoken` (none when following a stored nextLink), and the request's path and query.
    const query = 'nextLink' in source ? undefined : `${source.entitySet}${buildQueryString(source.query ?? {})}`;
    const target = 'nextLink' in source ? this.pathOfNextLink(source.nextLink) : withSkiptoken(`${query}`, source.skiptoken);
    const readBody = mapRow ? (body: AsyncIterable<Uint8Array>) => readCollection(body, mapRow) : undefined;
    const request: RequestOptions = { prefer: [`odata.maxpagesize=${size}`], annotations, readBody };
    const store = this.options.readAhead;
    const held = store && store.size > 0 ? await store.take(this.readAheadKey(target, request)) : undefined;
    const response = (held && (await this.readHeld<CollectionBody<Row>>(held, request))) ?? (await this.requestPath<CollectionBody<Row>>('GET', target, request));
    const { value, '@odata.nextLink': nextLink, '@odata.count': count } = response.body;
    // The page after this one, as the next call will ask for it: the same query with the nextLink's `$skiptoken`.
    const nextSkiptoken = nextLink === undefined ? undefined : skiptokenOf(nextLink);
    if (options.readAhead && query !== undefined && nextSkiptoken !== undefined) this.startReadingAhead(withSkiptoken(query, nextSkiptoken), request);
    // Mapped as read when there is a mapper; the raw rows otherwise.
    return { rows: value as unknown as Item[], nextLink, count };
  }

  /** Every page, following `@odata.nextLink` until the last; resumes from `resumeFrom` when given. */
  async *pages<Row = DataverseRow>(entitySet: string, query: ODataQuery = {}, pageSize = MAX_PAGE_SIZE, resumeFrom?: string): AsyncGenerator<Page<Row>> {
    let page = await this.page<Row>(resumeFrom ? { nextLink: resumeFrom } : { entitySet, query }, pageSize);
    yield page;
    while (page.nextLink) {
      page = await this.page<Row>({ nextLink: page.nextLink }, pageSize);
      yield page;
    }
  }

  /**
   * One page of change tracking: the initial read of `entitySet` (every row, then a delta link on the last page), or
   * the page a stored next or delta link points to (rows changed since, then deletions). Only `$select` shapes it.
   * https://learn.microsoft.com/power-apps/developer/data-platform/use-change-tracking-synchronize-data-external-systems
   */
  async changes<Row = DataverseRow>(source: { entitySet: string; select: readonly string[] } | { link: string }, pageSize = MAX_PAGE_SIZE): Promise<ChangesPage<Row>> {
    const size = Math.min(Math.max(1, Math.trunc(pageSize)), MAX_PAGE_SIZE);
    const target = 'link' in source ? this.pathOfNextLink(source.link) : `${source.entitySet}${buildQueryString({ select: [...source.select] })}`;
    const response = await this.requestPath<CollectionBody<Row> & { '@odata.deltaLink'?: string }>('GET', target, {
      prefer: ['odata.track-changes', `odata.maxpagesize=${size}`],
    });
    const rows: Row[] = [];
    const deletedIds: string[] = [];
    for (const entry of response.body.value) {
      const { '@odata.context': context, id } = entry as { '@odata.context'?: unknown; id?: unknown };
      if (typeof context === 'string' && context.endsWith('/$deletedEntity')) deletedIds.push(String(id));
      else rows.push(entry);
    }
    return { rows, deletedIds, nextLink: response.body['@odata.nextLink'], deltaLink: response.body['@odata.deltaLink'] };
  }

  async retrieve<Row = DataverseRow>(entitySet: string, id: string, query: Pick<ODataQuery, 'select' | 'expand'> = {}, annotations: AnnotationRequest = true): Promise<Row> {
    return (await this.request<Row>('GET', `${entitySet}(${guid(id).value})`, { query, annotations })).body;
  }

  /** POST; with `select`, Dataverse answers 201 with the created row (`return=representation`). */
  async create<Row = DataverseRow>(entitySet: string, body: DataverseRow, select?: string[]): Promise<Row> {
    const response = await this.request<Row>('POST', entitySet, {
      body,
      query: select ? { select } : undefined,
      prefer: ['return=representation'],
    });
    return response.body;
  }

  /**
   * Creates the row under an id the caller chose: `PATCH {set}({id})` with `If-None-Match: *`, so the request can be
   * repeated safely. When the row already exists (an earlier attempt did create it), it fails as `ALREADY_EXISTS`
   * instead of writing anything. Answers the created row with `select`'s columns (`return=representation`).
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api#limit-upsert-operations
   */
  async insert<Row = DataverseRow>(entitySet: string, id: string, body: DataverseRow, select?: string[]): Promise<Row> {
    const response = await this.request<Row>('PATCH', `${entitySet}(${guid(id).value})`, {
      body,
      ifNoneMatch: '*',
      query: select ? { select } : undefined,
      prefer: ['return=representation'],
    });
    return response.body;
  }

  /**
   * PATCH an existing row: `If-Match: *` unless an etag is given, so a missing row fails as `NOT_FOUND` (never an
   * upsert) and a changed one as `VERSION_MISMATCH`. Answers the updated row with `select`'s columns.
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api#prevent-create-in-upsert
   */
  async update<Row = DataverseRow>(entitySet: string, id: string, body: DataverseRow, options: { ifMatch?: string; select?: string[] } = {}): Promise<Row> {
    const response = await this.request<Row>('PATCH', `${entitySet}(${guid(id).value})`, {
      body,
      ifMatch: options.ifMatch ?? '*',
      query: options.select ? { select: options.select } : undefined,
      prefer: ['return=representation'],
    });
    return response.body;
  }

  /** PATCH without a condition: creates the row when it does not exist (Dataverse's upsert). */
  async upsert<Row = DataverseRow>(entitySet: string, id: string, body: DataverseRow): Promise<{ created: boolean; row: Row }> {
    const response = await this.request<Row>('PATCH', `${entitySet}(${guid(id).value})`, { body, prefer: ['return=representation'] });
    return { created: response.status === 201, row: response.body };
  }

  /** DELETE a row (`If-Match: <etag>` to delete only that version); a missing row fails as `NOT_FOUND`. */
  async delete(entitySet: string, id: string, ifMatch?: string): Promise<void> {
    await this.request('DELETE', `${entitySet}(${guid(id).value})`, { ifMatch, discardBody: true });
  }

  /** Clears a single-valued lookup: `DELETE {set}({id})/{navigation}/$ref`. */
  async clearLookup(entitySet: string, id: string, navigationProperty: string): Promise<void> {
    await this.request('DELETE', `${entitySet}(${guid(id).value})/${navigationProperty}/$ref`, { discardBody: true });
  }

  /**
   * Several operations in one request; `{ changeSet: [...] }` items are atomic. Each operation's own status comes back
   * in order; the batch itself is retried like any POST (only after a 429). Without a change set Dataverse stops at
   * the first failure unless `continueOnError` (`Prefer: odata.continue-on-error`).
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#handling-errors
   */
  async batch(items: BatchItem[], options: { continueOnError?: boolean } = {}): Promise<BatchResponse[]> {
    const { boundary, body } = buildBatchBody(items, this.webApiUrl);
    const response = await this.request<string>('POST', '$batch', {
      rawBody: { contentType: `multipart/mixed; boundary=${boundary}`, text: body },
      annotations: false,
      prefer: options.continueOnError ? ['odata.continue-on-error'] : undefined,
    });
    return parseBatchResponse(response.body, String(response.headers['content-type'] ?? ''));
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami */
  async whoAmI(): Promise<{ UserId: string; BusinessUnitId: string; OrganizationId: string }> {
    return (await this.request<{ UserId: string; BusinessUnitId: string; OrganizationId: string }>('GET', 'WhoAmI', { annotations: false })).body;
  }

  /** A request to `{environment}/api/data/v9.2/{path}` with the resilience policy applied. */
  request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<DataverseResponse<T>> {
    const query = typeof options.query === 'string' ? options.query : buildQueryString(options.query ?? {});
    return this.requestPath<T>(method, `${path}${query}`, options);
  }

  /**
   * Requests `target` in the background and keeps the response, its body unread, in the `ReadAhead` store for the
   * request that will ask for exactly it: one attempt, no retry (a failed read ahead costs nothing: that request
   * fetches the page itself, with the retry policy). It takes one of the user's concurrency slots and holds it until
   * the body is read or dropped (Dataverse counts the request until then), but never waits for one: nothing is read
   * ahead while half of the user's slots are taken, or while Dataverse has asked the client to slow down.
   */
  private startReadingAhead(target: string, request: RequestOptions): void {
    const store = this.options.readAhead;
    if (!store || this.gate.inFlight >= this.gate.limit / 2) return;
    store.start(this.readAheadKey(target, request), this.options.userKey, async () => {
      const { url, logPath } = this.urlOf(target);
      const token = await this.options.tokens.getToken();
      const startedAt = Date.now();
      let status: number | 'network' = 'network';
      let unread: BodyReadable | undefined;
      const leaveUnread = async (body: AsyncIterable<Uint8Array>) => (unread = body as BodyReadable);
      const release = await this.gate.hold(startedAt);
      try {
        const response = await this.send('GET', url, token, { ...request, readBody: leaveUnread }, this.timeoutMs);
        status = response.status;
        this.noteBurstAllowance(response.headers, logPath);
        if (status !== 200 || !unread) throw new Error(`Dataverse answered ${status}`);
        const body = unread;
        // Unread, its failure (the attempt's timeout, a dropped connection, a discard) must not be an unhandled
        // 'error' event; whoever reads it later gets that failure from the stream itself.
        body.on('error', () => undefined);
        // Dataverse counts the request until its body is read: the slot is given back when the body closes.
        if (body.closed) release();
        else body.once('close', release);
        return { status, headers: response.headers, body, discard: () => body.destroy() };
      } catch (error) {
        unread?.destroy();
        release();
        throw error;
      } finally {
        this.options.hooks?.onRequest?.({ method: 'GET', path: logPath, status, attempt: 1, durationMs: Date.now() - startedAt });
      }
    });
  }

  /** A response read ahead, its body read as the request would have read it; undefined when that fails. */
  private async readHeld<T>(held: HeldResponse, request: RequestOptions): Promise<DataverseResponse<T> | undefined> {
    try {
      const body = request.readBody ? await request.readBody(held.body) : JSON.parse(await held.body.text());
      return { status: held.status, headers: held.headers, body: body as T };
    } catch (error) {
      held.discard();
      if (error instanceof CallerCodeError) throw error.cause;
      return undefined; // cut off, or not a page: the request fetches it again
    }
  }

  private readAheadKey(target: string, request: RequestOptions): string {
    return `${this.userScope}\n${target}\n${preferHeaderOf(request) ?? ''}`;
  }

  /**
   * Every attempt, wait and token refresh of one call ends by its deadline: the call's retry budget from its start, or
   * the client's own deadline when that comes first. A wait that would not leave time for the next attempt is not
   * started: the failure is answered at once (a 429 with the `Retry-After` Dataverse asked for).
   */
  private async requestPath<T>(method: string, pathAndQuery: string, options: RequestOptions): Promise<DataverseResponse<T>> {
    const { url, logPath } = this.urlOf(pathAndQuery);
    const deadline = Math.min(Date.now() + this.retry.waitBudgetMs, this.options.deadline ?? Number.POSITIVE_INFINITY);
    let token = await this.options.tokens.getToken();
    let refreshed = false;

    for (let attempt = 1; ; attempt++) {
      const attemptStartedAt = Date.now();
      const attemptTimeoutMs = Math.min(this.timeoutMs, deadline - attemptStartedAt);
      if (attemptTimeoutMs <= 0) throw outOfTime();
      let status: number | 'network';
      let response: DataverseResponse<T> | undefined;
      let failure: DataverseError;
      let retryAfter: number | undefined;
      try {
        response = await this.gate.run(() => this.send<T>(method, url, token, options, attemptTimeoutMs), deadline);
        status = response.status;
      } catch (error) {
        if (error instanceof CallerCodeError) throw error.cause;
        // No slot of this user came free in time: the local face of Dataverse's concurrency limit (a 429 there too).
        if (error instanceof GateTimeoutError) throw new DataverseError(DataverseFailureKind.THROTTLED, error.message, undefined, 1);
        status = 'network';
        failure = error instanceof DataverseError ? error : networkFailure(describeNetworkError(error));
      }
      this.options.hooks?.onRequest?.({ method, path: logPath, status, attempt, durationMs: Date.now() - attemptStartedAt });

      if (response) {
        this.noteBurstAllowance(response.headers, logPath);
        if (status !== 'network' && status < 400) return response;
        if (status === 401 && !refreshed) {
          // One refresh and one retry, never a loop: a second 401 is the account's problem.
          refreshed = true;
          this.options.hooks?.onTokenRefresh?.({ path: logPath });
          token = await this.options.tokens.refresh(token);
          attempt--;
          continue;
        }
        retryAfter = parseRetryAfter(response.headers['retry-after']);
        failure = classifyDataverseError(remoteErrorOf(response.status, response.body), retryAfter, options);
      }

      if (!isRetryable(status, method) || attempt >= this.retry.maxAttempts) throw failure!;
      const waitMs = delayBeforeRetry(attempt, retryAfter, this.retry);
      if (Date.now() + waitMs + nextAttemptReserveMs(this.timeoutMs) > deadline) throw withRetryAfter(failure!, waitMs);
      this.options.hooks?.onRetry?.({ method, path: logPath, status, attempt, waitMs });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private async send<T>(method: string, url: URL, token: string, options: RequestOptions, timeoutMs: number): Promise<DataverseResponse<T>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'odata-maxversion': '4.0',
      'odata-version': '4.0',
      // Overrides caching of expanded collections: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#http-headers
      'if-none-match': options.ifNoneMatch ?? 'null',
    };
    const prefer = preferHeaderOf(options);
    if (prefer) headers['prefer'] = prefer;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    let body: string | undefined;
    if (options.rawBody) {
      body = options.rawBody.text;
      headers['content-type'] = options.rawBody.contentType;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }

    const pool = poolFor(url.origin);
    const response = await pool.request({
      method: method as 'GET',
      path: `${url.pathname}${url.search}`,
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // The two timeouts above bound each wait; the signal bounds the whole attempt, a slowly dripping body included.
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (options.readBody && response.statusCode < 400) return { status: response.statusCode, body: (await options.readBody(response.body)) as T, headers: response.headers };
    const text = options.discardBody ? (await response.body.dump(), '') : await response.body.text();
    let parsed: unknown = undefined;
    if (text && options.rawBody && response.statusCode < 400) {
      parsed = text;
    } else if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // a proxy's HTML page or an empty 401: classified by status alone
      }
    }
    return { status: response.statusCode, body: parsed as T, headers: response.headers };
  }

  /** The URL of a path and query under this environment's Web API (anything leaving it is refused), and its path for logs. */
  private urlOf(pathAndQuery: string): { url: URL; logPath: string } {
    const url = new URL(pathAndQuery, this.apiBase);
    if (!url.href.startsWith(this.apiBase.href)) throw invalidRequest('The path leaves the environment');
    return { url, logPath: url.pathname.slice(this.apiBase.pathname.length) };
  }

  /** A stored nextLink must point into this environment's Web API; anything else is refused. */
  private pathOfNextLink(nextLink: string): string {
    let url: URL;
    try {
      url = new URL(nextLink);
    } catch {
      throw invalidRequest('The page link is not a URL');
    }
    if (url.origin !== this.apiBase.origin || !url.pathname.startsWith(this.apiBase.pathname)) {
      throw invalidRequest('The page link does not belong to this environment');
    }
    return `${url.pathname.slice(this.apiBase.pathname.length)}${url.search}`;
  }

  private noteBurstAllowance(headers: Record<string, string | string[] | undefined>, path: string): void {
    const remaining = Number(headers['x-ms-ratelimit-burst-remaining-xrm-requests']);
    if (!Number.isFinite(remaining) || remaining >= this.burstThreshold) return;
    // The closer to zero, the longer the pause: up to a second when nothing remains.
    const pauseMs = Math.round(1000 * (1 - remaining / this.burstThreshold));
    this.gate.slowDown(pauseMs);
    this.options.hooks?.onSlowDown?.({ path, remaining, pauseMs });
  }
}

/** The `Prefer` header of a request: its preferences, then the annotations it asks for. */
function preferHeaderOf(options: RequestOptions): string | undefined {
  const prefer = [...(options.prefer ?? [])];
  const includeAnnotations = includeAnnotationsPreference(options.annotations ?? true);
  if (includeAnnotations) prefer.push(includeAnnotations);
  return prefer.length ? prefer.join(',') : undefined;
}

/** `path?query` with `$skiptoken` added (the value as Dataverse gave it, decoded once). */
export function withSkiptoken(path: string, skiptoken: string | undefined): string {
  if (skiptoken === undefined) return path;
  return `${path}${path.includes('?') ? '&' : '?'}$skiptoken=${encodeURIComponent(skiptoken)}`;
}

/** The `$skiptoken` of a nextLink, decoded once (as `withSkiptoken` takes it), or undefined when it has none. */
export function skiptokenOf(nextLink: string): string | undefined {
  const query = nextLink.split('?')[1] ?? '';
  const option = query.split('&').find((member) => member.startsWith('$skiptoken=') || member.startsWith('%24skiptoken='));
  if (!option) return undefined;
  try {
    return decodeURIComponent(option.slice(option.indexOf('=') + 1));
  } catch {
    return undefined;
  }
}

function withRetryAfter(failure: DataverseError, waitMs: number): DataverseError {
  if (failure.kind !== DataverseFailureKind.THROTTLED) return failure;
  return new DataverseError(failure.kind, failure.message, failure.remote, Math.ceil(waitMs / 1000));
}

/** The call's deadline came before an attempt could start (a slow token fetch or refresh used the rest). */
function outOfTime(): DataverseError {
  return networkFailure('timed out: the request had no time left for another attempt');
}

function describeNetworkError(error: unknown): string {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return 'timed out';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return 'network error';
}
