import { randomUUID } from 'node:crypto';

/**
 * `$batch`: several operations in one HTTP request (multipart/mixed). Operations inside a change set succeed or fail
 * together; a change set answers its first failure alone. Up to 1000 operations per batch.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 */
export interface BatchOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the Web API root (`contacts`, `contacts(<id>)`), or `$<content-id>` of an earlier create in the change set. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type BatchItem = BatchOperation | { changeSet: BatchOperation[] };

export interface BatchResponse {
  /** The `Content-ID` of the operation answered (operations in change sets carry one: their 1-based position). */
  contentId?: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const MAX_BATCH_OPERATIONS = 1000;

export function buildBatchBody(items: BatchItem[], webApiUrl: string): { boundary: string; body: string } {
  const operations = items.reduce((count, item) => count + ('changeSet' in item ? item.changeSet.length : 1), 0);
  if (operations > MAX_BATCH_OPERATIONS) throw new Error(`A batch holds at most ${MAX_BATCH_OPERATIONS} operations`);
  const boundary = `batch_${randomUUID()}`;
  const lines: string[] = [];
  for (const item of items) {
    lines.push(`--${boundary}`);
    if ('changeSet' in item) {
      const changeSet = `changeset_${randomUUID()}`;
      lines.push(`Content-Type: multipart/mixed; boundary=${changeSet}`, '');
      item.changeSet.forEach((operation, index) => {
        lines.push(`--${changeSet}`, ...operationLines(operation, webApiUrl, index + 1));
      });
      lines.push(`--${changeSet}--`);
    } else {
      lines.push(...operationLines(item, webApiUrl));
    }
  }
  lines.push(`--${boundary}--`, '');
  return { boundary, body: lines.join('\r\n') };
}

function operationLines(operation: BatchOperation, webApiUrl: string, contentId?: number): string[] {
  const url = operation.path.startsWith('$') ? operation.path : `${webApiUrl}${operation.path}`;
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `${operation.method} ${url} HTTP/1.1`);
  for (const [name, value] of Object.entries(operation.headers ?? {})) lines.push(`${name}: ${value}`);
  if (operation.body !== undefined) lines.push('Content-Type: application/json; type=entry', '', JSON.stringify(operation.body));
  else lines.push('Accept: application/json', '');
  return lines;
}

/** The responses of a `$batch`, in order, change sets flattened. */
export function parseBatchResponse(body: string, contentType: string): BatchResponse[] {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) throw new Error('The batch response has no boundary');
  return splitParts(body, boundary).flatMap((part) => {
    const { headers, content } = splitHeaders(part);
    const nested = /boundary=("?)([^";]+)\1/i.exec(headers['content-type'] ?? '')?.[2];
    if (nested) {
      return splitParts(content, nested).map((inner) => {
        const part = splitHeaders(inner);
        return withContentId(parseHttpPart(part.content), part.headers['content-id']);
      });
    }
    return [withContentId(parseHttpPart(content), headers['content-id'])];
  });
}

function withContentId(response: BatchResponse, contentId: string | undefined): BatchResponse {
  return contentId === undefined ? response : { contentId, ...response };
}

function splitParts(body: string, boundary: string): string[] {
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => part.replace(/^\r?\n/, ''));
}

function splitHeaders(part: string): { headers: Record<string, string>; content: string } {
  const separator = /\r?\n\r?\n/.exec(part);
  const head = separator ? part.slice(0, separator.index) : part;
  const content = separator ? part.slice(separator.index + separator[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, content };
}

function parseHttpPart(http: string): BatchResponse {
  const [statusLine, ...rest] = http.split(/\r?\n/);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const { headers, content } = splitHeaders(rest.join('\r\n'));
  const text = content.trim();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status, headers, body };
}
