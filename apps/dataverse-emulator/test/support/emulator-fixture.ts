import { startEmulator, RunningEmulator } from '../../src/emulator';
import type { EmulatorOptions } from '../../src/config/emulator-config';
import type { OrgData } from '../../src/dataverse/org-data';
import type { EmulatedOrganization } from '../../src/world';

/** A running in-process emulator with a small seed, and helpers to call it as a client would. */
export interface Fixture {
  emu: RunningEmulator;
  org: EmulatedOrganization;
  data: OrgData;
  api: string;
  token: string;
  /** Issues a fresh token for the admin user (after `/_emulator/expire-tokens`). */
  renewToken(): void;
  /** GET/POST/... against the Web API of `org` with the admin user's token. */
  call(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; token?: string }): Promise<Answer>;
  admin(method: string, path: string, body?: unknown): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const SMALL_SEED = { accounts: 40, contacts: 120, leads: 30, opportunities: 30, activities: 80, notes: 30, users: 8 };

export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const emu = await startEmulator({ adminToken: 'test-admin-token', seedSizes: SMALL_SEED, ...options });
  const org = emu.world.organizations[0];
  const api = `${org.environmentUrl}/api/data/v9.2/`;
  const token = emu.identity.issueAccessToken(org);
  const send = async (url: string, method: string, body: unknown, headers: Record<string, string>): Promise<Answer> => {
    const res = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const fixture: Fixture = {
    emu,
    org,
    data: emu.state.data(org.name)!,
    api,
    token,
    renewToken: () => {
      fixture.token = emu.identity.issueAccessToken(org);
    },
    call: (method, path, o = {}) =>
      send(path.startsWith('http') ? path : api + path, method, o.body, { Authorization: `Bearer ${o.token ?? fixture.token}`, ...o.headers }),
    admin: (method, path, body) => send(`${emu.baseUrl}${path}`, method, body, { Authorization: 'Bearer test-admin-token' }),
    close: () => emu.close(),
  };
  return fixture;
}

/** The keys of an object in order, for key-order assertions against the reference samples. */
export const keysOf = (o: object): string[] => Object.keys(o);
