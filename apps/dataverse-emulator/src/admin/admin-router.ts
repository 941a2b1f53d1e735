import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { EmulatorState } from '../server/emulator-state';
import { readBody, sendJson } from '../server/http-io';
import type { LimitConfig } from '../limits/service-protection';
import type { SeedSizes } from '../seed/seed-organization';
import { expireChangeTokens } from '../dataverse/web-api/change-tracking';
import type { OrgData } from '../dataverse/org-data';

/**
 * The admin API under `/_emulator/…` (see /work/shared/API.md "Emulator admin API"): configuration, reseeding,
 * limits, fault injection, tokens and counters. Every route needs `Authorization: Bearer <EMULATOR_ADMIN_TOKEN>`.
 */
type Json = Record<string, unknown>;

class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function handleAdmin(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (!authorized(state.config.adminToken, req.headers.authorization)) throw new AdminError(401, 'A valid admin bearer token is required.');
    const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
    const body = ['POST', 'PUT'].includes(req.method ?? '') ? parseJson(await readBody(req)) : {};
    const answer = dispatch(state, route, body);
    sendJson(res, 200, answer);
  } catch (e) {
    const status = e instanceof AdminError ? e.status : 500;
    sendJson(res, status, { error: { code: status === 401 ? 'unauthorized' : 'bad_request', message: (e as Error).message } });
  }
}

function authorized(expected: string, header: string | undefined): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseJson(text: string): Json {
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new AdminError(400, 'The body must be a JSON object.');
}

function dispatch(state: EmulatorState, route: string, body: Json): unknown {
  const now = Date.now();
  switch (route) {
    case 'GET /_emulator/config':
      return config(state);
    case 'POST /_emulator/reset': {
      const org = optionalOrg(state, body.org);
      const seed = (body.seed ?? {}) as Partial<Record<keyof SeedSizes, unknown>>;
      const sizes: Partial<SeedSizes> = {};
      for (const key of ['accounts', 'contacts', 'leads', 'opportunities', 'activities', 'notes', 'users'] as const) {
        if (seed[key] !== undefined) sizes[key] = nonNegativeInt(seed[key], `seed.${key}`);
      }
      state.reset(org, sizes, customColumns(body.custom_columns));
      return { ok: true, orgs: org ? [org] : state.config.orgs };
    }
    case 'PUT /_emulator/settings': {
      const org = optionalOrg(state, body.org);
      const settings: Array<[string, string, number]> = [
        // [request field, organization column, largest value Dataverse accepts]
        ['max_upload_file_size', 'maxuploadfilesize', 131_072_000],
        ['expire_change_tracking_in_days', 'expirechangetrackingindays', 365],
      ];
      const changes: Array<[string, number]> = [];
      for (const [field, column, max] of settings) {
        if (body[field] === undefined) continue;
        const value = nonNegativeInt(body[field], field);
        if (value > max) throw new AdminError(400, `${field} must be at most ${max}.`);
        changes.push([column, value]);
      }
      const names = org ? [org] : state.config.orgs;
      for (const name of names) {
        const data = state.data(name);
        if (data) applyOrganizationSettings(data, changes);
      }
      const first = state.data(names[0]);
      return {
        max_upload_file_size: first ? organizationSetting(first, 'maxuploadfilesize') : null,
        expire_change_tracking_in_days: first ? organizationSetting(first, 'expirechangetrackingindays') : null,
      };
    }
    case 'PUT /_emulator/limits': {
      const org = optionalOrg(state, body.org);
      const limits: Partial<LimitConfig> = {};
      const map: Array<[string, keyof LimitConfig]> = [
        ['requests_per_window', 'requestsPerWindow'],
        ['window_seconds', 'windowSeconds'],
        ['execution_ms_per_window', 'executionMsPerWindow'],
        ['concurrent_requests', 'concurrentRequests'],
      ];
      for (const [field, key] of map) if (body[field] !== undefined) limits[key] = nonNegativeInt(body[field], field);
      const applied = state.setLimits(org, limits)[0];
      return {
        requests_per_window: applied.requestsPerWindow,
        window_seconds: applied.windowSeconds,
        execution_ms_per_window: applied.executionMsPerWindow,
        concurrent_requests: applied.concurrentRequests,
      };
    }
    case 'POST /_emulator/faults': {
      const org = optionalOrg(state, body.org);
      const num = (field: string) => (body[field] === undefined || body[field] === null ? undefined : nonNegativeNumber(body[field], field));
      const fault = {
        org,
        latencyMs: num('latency_ms'),
        errorStatus: num('error_status'),
        errorRate: num('error_rate'),
        throttleSeconds: num('throttle_seconds'),
        tokenEndpointError: num('token_endpoint_error'),
        tokenEndpointLatencyMs: num('token_endpoint_latency_ms'),
        durationSeconds: num('duration_seconds'),
      };
      state.faults.add(fault, now);
      if (fault.tokenEndpointLatencyMs) {
        state.identity.setTokenEndpointLatency(state.faults.tokenEndpointLatencyMs(now));
        if (fault.durationSeconds) {
          setTimeout(() => state.identity.setTokenEndpointLatency(state.faults.tokenEndpointLatencyMs(Date.now())), fault.durationSeconds * 1000).unref();
        }
      }
      if (fault.tokenEndpointError) {
        state.identity.setTokenEndpointFault(fault.tokenEndpointError);
        if (fault.durationSeconds) {
          setTimeout(() => {
            if (!state.faults.tokenEndpointError(Date.now())) state.identity.setTokenEndpointFault(undefined);
          }, fault.durationSeconds * 1000).unref();
        }
      }
      return { ok: true };
    }
    case 'DELETE /_emulator/faults':
      state.faults.clear();
      state.identity.setTokenEndpointFault(undefined);
      state.identity.setTokenEndpointLatency(undefined);
      return { ok: true };
    case 'POST /_emulator/tokens': {
      const orgName = typeof body.org === 'string' ? body.org : state.config.orgs[0];
      const org = state.org(orgName);
      if (!org) throw new AdminError(404, `Unknown organization '${orgName}'.`);
      const upn = typeof body.upn === 'string' ? body.upn : undefined;
      if (upn && !org.users.some((u) => u.upn.toLowerCase() === upn.toLowerCase())) throw new AdminError(404, `Unknown user '${upn}' in '${orgName}'.`);
      const expiresIn = body.expires_in === undefined ? undefined : nonNegativeInt(body.expires_in, 'expires_in');
      return { access_token: state.identity.issueAccessToken(org, upn, expiresIn), token_type: 'Bearer' };
    }
    case 'POST /_emulator/expire-tokens':
      state.identity.expireAllAccessTokens();
      return { ok: true };
    case 'POST /_emulator/expire-change-tokens': {
      const org = optionalOrg(state, body.org);
      for (const name of org ? [org] : state.config.orgs) {
        const data = state.data(name);
        if (data) expireChangeTokens(data);
      }
      return { ok: true };
    }
    case 'POST /_emulator/revoke': {
      if (typeof body.upn !== 'string') throw new AdminError(400, 'upn is required.');
      state.identity.revokeRefreshTokens(body.upn);
      return { ok: true };
    }
    case 'GET /_emulator/stats':
      return {
        requests: { total: state.stats.total, by_status: state.stats.byStatus, by_entity_set: state.stats.byEntitySet },
        token_requests: { by_grant_type: state.identity.tokenRequestsByGrantType() },
        max_concurrent_seen: state.stats.maxConcurrentSeen,
      };
    case 'DELETE /_emulator/stats':
      state.stats.reset();
      state.identity.resetStats();
      return { ok: true };
    default:
      throw new AdminError(404, `No admin route ${route}.`);
  }
}

function config(state: EmulatorState): Json {
  const { world } = state;
  return {
    base_url: world.baseUrl,
    discovery_url: `${world.baseUrl}/api/discovery/v2.0/Instances`,
    orgs: world.organizations.map((o) => ({
      name: o.name,
      friendly_name: o.friendlyName,
      environment_url: o.environmentUrl,
      web_api_url: `${o.environmentUrl}/api/data/v9.2/`,
      tenant_id: o.tenantId,
      organization_id: o.organizationId,
      customization_prefix: state.data(o.name)?.customizationPrefix,
    })),
    app_registrations: world.appRegistrations.map((a) => ({
      client_id: a.clientId,
      client_secret: a.clientSecret,
      tenant_id: a.tenantId,
      redirect_uris: a.redirectUris,
    })),
    users: world.organizations.flatMap((o) =>
      o.users.map((u) => ({
        org: o.name,
        systemuser_id: u.systemuserId,
        entra_object_id: u.entraObjectId,
        upn: u.upn,
        name: u.name,
        is_application_user: u.isApplicationUser,
        is_disabled: u.isDisabled,
        ...(u.applicationId ? { application_id: u.applicationId } : {}),
      })),
    ),
  };
}

function optionalOrg(state: EmulatorState, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !state.org(value)) throw new AdminError(404, `Unknown organization '${String(value)}'.`);
  return value;
}

function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new AdminError(400, `${field} must be a non-negative integer.`);
  return value;
}

function nonNegativeNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new AdminError(400, `${field} must be a non-negative number.`);
  return value;
}

/** The tables `custom_columns` may extend, and how many columns one table may get. */
const CUSTOM_COLUMN_TABLES = new Set([
  'account', 'contact', 'lead', 'opportunity', 'phonecall', 'email', 'appointment', 'task', 'annotation', 'systemuser',
]);
const MAX_CUSTOM_COLUMNS = 500;

function customColumns(value: unknown): Record<string, number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new AdminError(400, 'custom_columns must be an object of table: count.');
  const out: Record<string, number> = {};
  for (const [table, count] of Object.entries(value)) {
    if (!CUSTOM_COLUMN_TABLES.has(table)) {
      throw new AdminError(400, `custom_columns.${table}: not a table that takes custom columns (${[...CUSTOM_COLUMN_TABLES].join(', ')}).`);
    }
    const n = nonNegativeInt(count, `custom_columns.${table}`);
    if (n > MAX_CUSTOM_COLUMNS) throw new AdminError(400, `custom_columns.${table} must be at most ${MAX_CUSTOM_COLUMNS}.`);
    out[table] = n;
  }
  return out;
}

/** Organization settings live on the organization row, where a client reads them (`organizations?$select=…`). */
function organizationRow(data: OrgData): { store: ReturnType<OrgData['store']>; r: number } {
  const store = data.store(data.registry.table('organization'));
  return { store, r: store.order.find((row) => store.alive[row] === 1) ?? -1 };
}

function applyOrganizationSettings(data: OrgData, changes: Array<[string, number]>): void {
  const { store, r } = organizationRow(data);
  if (r < 0 || changes.length === 0) return;
  for (const [column, value] of changes) store.set(r, column, value);
  data.derive(data.registry.table('organization'), store, r);
}

function organizationSetting(data: OrgData, column: string): unknown {
  const { store, r } = organizationRow(data);
  return r < 0 ? null : store.get(r, column);
}
