import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleAdmin } from '../admin/admin-router';
import type { EmulatorState } from './emulator-state';
import { handleDataverse } from './dataverse-route';
import { sendJson } from './http-io';

/**
 * One `node:http` server for all three services: `/_emulator/*` admin, `/orgs/*` Dataverse, and everything else to
 * the identity half (Entra ID and Global Discovery). A failing handler never takes the server down.
 */
export function createEmulatorServer(getState: () => EmulatorState | undefined): Server {
  const server = createServer((req, res) => {
    route(getState(), req, res).catch((e) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: '0x80040216', message: `An unexpected error occurred: ${(e as Error).message}` } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function route(state: EmulatorState | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!state) {
    sendJson(res, 503, { error: { code: '', message: 'The emulator is starting.' } }, { 'Retry-After': '1' });
    return;
  }
  const rawUrl = req.url ?? '/';
  if (rawUrl.startsWith('/orgs/')) return handleDataverse(state, req, res);
  const url = new URL(rawUrl, state.baseUrl);
  if (url.pathname.startsWith('/_emulator/')) return handleAdmin(state, req, res, url);
  const handled = await state.identity.handle(req, res, url);
  if (!handled && !res.headersSent) {
    sendJson(res, 404, { error: { code: '', message: `No HTTP resource was found that matches the request URI '${url.href}'.` } });
  }
}
