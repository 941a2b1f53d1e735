import { randomUUID } from 'node:crypto';
import { dataverseErrors } from '../errors/dataverse-error';
import { ApiRequest, ApiResponse } from './api-types';
import { STATUS_CODES } from 'node:http';

/**
 * `POST $batch` (multipart/mixed, optionally with change sets). Each part runs through the same handler as a plain
 * request; a change set stops at its first failure and answers that failure alone; outside change sets the batch
 * stops at the first failure unless `Prefer: odata.continue-on-error`. Content-ID references (`$1`) resolve to the
 * entity a previous part created. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 */
const MAX_OPERATIONS = 1000;

interface Part {
  contentId?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

type Item = { changeSet: Part[] } | { single: Part };

export function handleBatch(req: ApiRequest, handle: (req: ApiRequest) => ApiResponse): ApiResponse {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
  if (!boundary) throw dataverseErrors.badRequest("The 'Content-Type' header of a batch request must be multipart/mixed with a boundary.");
  const items = parseMultipart(req.body, boundary);
  const operations = items.reduce((n, i) => n + ('changeSet' in i ? i.changeSet.length : 1), 0);
  if (operations > MAX_OPERATIONS) {
    throw dataverseErrors.badRequest(`The number of requests in the batch exceeds the limit of ${MAX_OPERATIONS}.`, '0x8005f103');
  }
  const continueOnError = /odata\.continue-on-error/i.test(req.headers['prefer'] ?? '');
  const responseBoundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  const run = (part: Part, ids: Map<string, string>): ApiResponse => {
    let url = part.url;
    const ref = /^\$(\w+)(.*)$/.exec(url);
    if (ref && ids.has(ref[1])) url = ids.get(ref[1])! + ref[2];
    const { path, query } = relativePath(url, req.apiBase);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(part.headers)) headers[k.toLowerCase()] = v;
    const response = handle({ ...req, method: part.method, path, query, headers, body: part.body });
    const entityId = response.headers['OData-EntityId'];
    if (part.contentId && entityId) ids.set(part.contentId, entityId);
    return response;
  };
  for (const item of items) {
    if ('single' in item) {
      const response = run(item.single, new Map());
      out.push(`--${responseBoundary}\r\n${httpPart(response)}`);
      if (response.status >= 400 && !continueOnError) break;
      continue;
    }
    const changeBoundary = `changesetresponse_${randomUUID()}`;
    const ids = new Map<string, string>();
    const parts: string[] = [];
    let failed: ApiResponse | undefined;
    // A change set is atomic: the first failure undoes the set's earlier operations.
    req.data.transaction(
      () => {
        for (const part of item.changeSet) {
          const response = run(part, ids);
          if (response.status >= 400) {
            failed = response;
            return;
          }
          parts.push(`--${changeBoundary}\r\n${httpPart(response, part.contentId)}`);
        }
      },
      () => failed !== undefined,
    );
    if (failed) {
      out.push(`--${responseBoundary}\r\n${httpPart(failed)}`);
      if (!continueOnError) break;
      continue;
    }
    out.push(`--${responseBoundary}\r\nContent-Type: multipart/mixed; boundary=${changeBoundary}\r\n\r\n${parts.join('')}--${changeBoundary}--\r\n`);
  }
  const body = `${out.join('')}--${responseBoundary}--\r\n`;
  return { status: 200, headers: { 'Content-Type': `multipart/mixed; boundary=${responseBoundary}`, 'OData-Version': '4.0' }, body };
}

function httpPart(response: ApiResponse, contentId?: string): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`);
  for (const [k, v] of Object.entries(response.headers)) lines.push(`${k}: ${v}`);
  if (response.headers['OData-EntityId']) lines.push(`Location: ${response.headers['OData-EntityId']}`);
  lines.push('', response.body?.toString() ?? '', '');
  return lines.join('\r\n');
}

function relativePath(url: string, apiBase: string): { path: string; query: string } {
  let rest = url;
  if (rest.startsWith(apiBase)) rest = rest.slice(apiBase.length);
  else rest = rest.replace(/^https?:\/\/[^/]+/, '').replace(/^.*?\/api\/data\/v[0-9.]+\//, '').replace(/^\//, '');
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

function splitParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  return body
    .split(delimiter)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((p) => p.replace(/^\r?\n/, ''));
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseMultipart(body: string, boundary: string): Item[] {
  return splitParts(body, boundary).map((raw) => {
    const [head, rest] = splitHead(raw);
    const headers = parseHeaders(head);
    const inner = /boundary=("?)([^";]+)\1/i.exec(headers['content-type'] ?? '')?.[2];
    if (inner && /multipart\/mixed/i.test(headers['content-type'] ?? '')) {
      return { changeSet: splitParts(rest, inner).map((p) => parseHttpPart(p)) };
    }
    return { single: parseHttpPart(raw) };
  });
}

function parseHttpPart(raw: string): Part {
  const [head, rest] = splitHead(raw);
  const outer = parseHeaders(head);
  const [requestHead, body] = splitHead(rest.replace(/^\r?\n/, ''));
  const [requestLine, ...headerLines] = requestHead.split(/\r?\n/);
  // `METHOD <url> HTTP/1.1`; the URL may carry unencoded spaces.
  const line = /^(\S+)\s+(.*?)(?:\s+HTTP\/\d\.\d)?$/.exec(requestLine.trim());
  const [method, url] = line ? [line[1], line[2]] : [];
  if (!method || !url) throw dataverseErrors.badRequest('The batch request is not valid.');
  return {
    contentId: outer['content-id'],
    method: method.toUpperCase(),
    url,
    headers: parseHeaders(headerLines.join('\r\n')),
    body: body.replace(/\r?\n$/, '').trim(),
  };
}
