import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ChildProcesses, freePort, waitForLine } from '../../../tools/stack';


export interface EmulatorConfigDocument {
  discovery_url: string;
  orgs: { name: string; environment_url: string; tenant_id: string; organization_id: string }[];
  app_registrations: { client_id: string; client_secret: string; tenant_id: string; redirect_uris: string[] }[];
  users: { org: string; systemuser_id: string; entra_object_id: string; upn: string; name: string; is_application_user: boolean }[];
}

export interface EmulatorStats {
  requests: { total: number; by_status: Record<string, number>; by_entity_set: Record<string, number> };
  token_requests: { by_grant_type: Record<string, number> };
  max_concurrent_seen: number;
}

const WORKSPACE = join(__dirname, '../../..');

/** The built emulator as a real process, and its admin API (`/_emulator/*`). */
export class EmulatorProcess {
  private constructor(
    readonly baseUrl: string,
    private readonly adminToken: string,
    private readonly children: ChildProcesses,
    readonly child: ChildProcess,
  ) {}

  /** `env` takes the emulator's own settings, e.g. `{ EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '20000' }`. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<EmulatorProcess> {
    const children = new ChildProcesses();
    const port = await freePort();
    const adminToken = `admin-${port}-${Date.now()}`;
    const child = children.start('emulator', process.execPath, [join(WORKSPACE, 'dist/apps/dataverse-emulator/main.js')], {
      env: { PATH: process.env['PATH'], EMULATOR_PORT: String(port), EMULATOR_HOST: '127.0.0.1', EMULATOR_ADMIN_TOKEN: adminToken, ...env },
    });
    await waitForLine(child, (line) => line.includes('"event":"ready"'), 60_000);
    return new EmulatorProcess(`http://127.0.0.1:${port}`, adminToken, children, child);
  }

  environmentUrl(org: string): string {
    return `${this.baseUrl}/orgs/${org}`;
  }

  config(): Promise<EmulatorConfigDocument> {
    return this.admin('GET', '/_emulator/config');
  }

  async token(org: string, options: { upn?: string; expires_in?: number } = {}): Promise<string> {
    return (await this.admin<{ access_token: string }>('POST', '/_emulator/tokens', { org, ...options })).access_token;
  }

  reset(body: Record<string, unknown> = {}): Promise<unknown> {
    return this.admin('POST', '/_emulator/reset', body);
  }

  /** Organization settings that change behaviour, e.g. `{max_upload_file_size}`. */
  settings(body: Record<string, unknown>): Promise<unknown> {
    return this.admin('PUT', '/_emulator/settings', body);
  }

  limits(body: Record<string, unknown>): Promise<unknown> {
    return this.admin('PUT', '/_emulator/limits', body);
  }

  faults(body: Record<string, unknown>): Promise<unknown> {
    return this.admin('POST', '/_emulator/faults', body);
  }

  clearFaults(): Promise<unknown> {
    return this.admin('DELETE', '/_emulator/faults');
  }

  expireTokens(): Promise<unknown> {
    return this.admin('POST', '/_emulator/expire-tokens', {});
  }

  /** Every change-tracking delta token issued so far now fails as an expired one (`0x80044352`). */
  expireChangeTokens(org?: string): Promise<unknown> {
    return this.admin('POST', '/_emulator/expire-change-tokens', org ? { org } : {});
  }

  revoke(upn: string): Promise<unknown> {
    return this.admin('POST', '/_emulator/revoke', { upn });
  }

  stats(): Promise<EmulatorStats> {
    return this.admin('GET', '/_emulator/stats');
  }

  resetStats(): Promise<unknown> {
    return this.admin('DELETE', '/_emulator/stats');
  }

  stop(): Promise<void> {
    return this.children.stopAll();
  }

  private async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Emulator admin ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
