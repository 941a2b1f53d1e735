import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { DataverseError, dataverseErrors } from '../dataverse/errors/dataverse-error';
import { ApiResponse } from '../dataverse/web-api/api-types';
import { errorResponse, handleApiRequest } from '../dataverse/web-api/web-api-handler';
import type { EmulatorState } from './emulator-state';
import { readBody } from './http-io';

const API_PATH = /^\/orgs\/([^/?]+)(?:\/api\/data\/(v9\.[0-2])\/([^?]*))?/;

/**
 * `{base}/orgs/{org}/api/data/v9.x/…`: authenticate with the identity half, apply injected faults and service
 * protection limits, run the Web API handler, and count the request.
 */
export async function handleDataverse(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? '/';
  const match = API_PATH.exec(rawUrl);
  const org = match ? state.org(match[1]) : undefined;
  const data = match ? state.data(match[1]) : undefined;
  state.stats.started();
  let response: ApiResponse | undefined;
  try {
    if (!match || !org || !data) {
      response = errorResponse(new DataverseError(404, '', `No HTTP resource was found that matches the request URI '${state.baseUrl}${rawUrl}'.`));
      return;
    }
    if (!match[2]) {
      response = errorResponse(dataverseErrors.noHttpResource(`${state.baseUrl}${rawUrl}`));
      return;
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      response = errorResponse(new DataverseError(413, '0x80040216', 'The request body is too large.'));
      return;
    }
    const auth = state.identity.authenticate(req.headers.authorization, org);
    if (!auth.ok) {
      response = {
        status: auth.status,
        headers: auth.headers,
        body: auth.body === undefined ? undefined : JSON.stringify(auth.body),
      };
      return;
    }
    let user = auth.user;
    const callerObjectId = req.headers['callerobjectid'];
    if (typeof callerObjectId === 'string' && callerObjectId) {
      // Impersonation by Entra object id. https://learn.microsoft.com/power-apps/developer/data-platform/impersonate-another-user
      const target = org.users.find((u) => u.entraObjectId.toLowerCase() === callerObjectId.toLowerCase());
      if (!target) {
        response = errorResponse(new DataverseError(401, '0x80072560', 'The user is not a member of the organization.'));
        return;
      }
      user = target;
    }
    const start = Date.now();
    const protection = state.protection(org.name);
    const key = user.systemuserId;
    try {
      protection.admit(key, start);
    } catch (e) {
      response = errorResponse(e);
      return;
    }
    try {
      // Injected latency runs inside the admitted request: it holds a concurrency slot and costs execution time.
      const fault = state.faults.decide(org.name, start);
      if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.error) {
        response = errorResponse(fault.error);
        return;
      }
      const path = match[3];
      const q = rawUrl.indexOf('?');
      response = handleApiRequest({
        method: req.method ?? 'GET',
        path,
        query: q < 0 ? '' : rawUrl.slice(q + 1),
        headers: req.headers as Record<string, string | undefined>,
        body,
        user,
        data,
        apiBase: `${org.environmentUrl}/api/data/${match[2]}/`,
        now: start,
      });
    } finally {
      protection.finish(key, start, Date.now());
    }
    Object.assign(response.headers, protection.headers(key, Date.now()));
  } catch (e) {
    response = errorResponse(e);
  } finally {
    const r = response ?? errorResponse(dataverseErrors.internal('No response.'));
    send(res, r);
    state.stats.finished(r.status, r.entitySet);
  }
}

function send(res: ServerResponse, r: ApiResponse): void {
  if (res.headersSent) return;
  const requestId = randomUUID();
  const headers: Record<string, string | number> = { ...r.headers, REQ_ID: requestId, 'x-ms-service-request-id': requestId, 'Cache-Control': 'no-cache' };
  if (r.body !== undefined) {
    const buf = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
    headers['Content-Length'] = buf.length;
    res.writeHead(r.status, headers);
    res.end(buf);
  } else {
    headers['Content-Length'] = 0;
    res.writeHead(r.status, headers);
    res.end();
  }
}
