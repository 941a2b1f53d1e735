import { randomBytes } from 'node:crypto';
import { DEFAULT_SEED_SIZES, SeedSizes } from '../seed/seed-organization';
import { DEFAULT_LIMITS, LimitConfig } from '../limits/service-protection';

/** Everything the emulator needs to start; `main.ts` builds it from the environment, tests pass it directly. */
export interface EmulatorOptions {
  /** 0 picks a free port (the default for `startEmulator`). */
  port?: number;
  host?: string;
  /** The base URL clients reach the emulator at, when it differs from `http://{host}:{port}` (containers, proxies). */
  publicUrl?: string;
  adminToken?: string;
  orgs?: string[];
  seedSizes?: Partial<SeedSizes>;
  /** PRNG seed: the same seed gives the same data. */
  seed?: number;
  /** Seeded timestamps fall in the two years before this date. */
  anchorDate?: string;
  redirectUris?: string[];
  limits?: Partial<LimitConfig>;
  /** The identity half's token lifetimes (seconds). */
  accessTokenLifetimeSeconds?: number;
}

export interface ResolvedConfig {
  port: number;
  host: string;
  publicUrl?: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  orgs: string[];
  seedSizes: SeedSizes;
  seed: number;
  anchor: Date;
  redirectUris: string[];
  limits: LimitConfig;
  accessTokenLifetimeSeconds?: number;
}

export const DEFAULT_ANCHOR_DATE = '2026-01-01T00:00:00Z';

export function resolveConfig(options: EmulatorOptions): ResolvedConfig {
  const anchor = new Date(options.anchorDate ?? DEFAULT_ANCHOR_DATE);
  if (Number.isNaN(anchor.getTime())) throw new Error('anchorDate is not a valid date');
  const orgs = options.orgs?.length ? options.orgs : ['contoso', 'fabrikam'];
  for (const org of orgs) if (!/^[a-z0-9][a-z0-9-]*$/.test(org)) throw new Error(`org name '${org}' must be lower-case letters, digits and dashes`);
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    adminToken: options.adminToken ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated: options.adminToken === undefined,
    orgs,
    seedSizes: { ...DEFAULT_SEED_SIZES, ...options.seedSizes },
    seed: options.seed ?? 42,
    anchor,
    redirectUris: options.redirectUris ?? ['http://localhost:3000/connect/callback', 'http://127.0.0.1:3000/connect/callback'],
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds,
  };
}

const SIZE_VARS: Record<keyof SeedSizes, string> = {
  accounts: 'EMULATOR_SEED_ACCOUNTS',
  contacts: 'EMULATOR_SEED_CONTACTS',
  leads: 'EMULATOR_SEED_LEADS',
  opportunities: 'EMULATOR_SEED_OPPORTUNITIES',
  activities: 'EMULATOR_SEED_ACTIVITIES',
  notes: 'EMULATOR_SEED_NOTES',
  users: 'EMULATOR_SEED_USERS',
};

/** Reads the environment once; fails with the names (not values) of invalid variables. */
export function optionsFromEnv(env: Record<string, string | undefined>): EmulatorOptions {
  const invalid: string[] = [];
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) invalid.push(name);
    return n;
  };
  const sizes: Partial<SeedSizes> = {};
  for (const [key, name] of Object.entries(SIZE_VARS) as Array<[keyof SeedSizes, string]>) {
    const n = int(name);
    if (n !== undefined) sizes[key] = n;
  }
  const limits: Partial<LimitConfig> = {};
  const limitVars: Array<[keyof LimitConfig, string]> = [
    ['requestsPerWindow', 'EMULATOR_LIMIT_REQUESTS'],
    ['windowSeconds', 'EMULATOR_LIMIT_WINDOW_SECONDS'],
    ['executionMsPerWindow', 'EMULATOR_LIMIT_EXECUTION_MS'],
    ['concurrentRequests', 'EMULATOR_LIMIT_CONCURRENT'],
  ];
  for (const [key, name] of limitVars) {
    const n = int(name);
    if (n !== undefined) limits[key] = n;
  }
  const options: EmulatorOptions = {
    port: int('EMULATOR_PORT') ?? 7070,
    host: env.EMULATOR_HOST || '127.0.0.1',
    publicUrl: env.EMULATOR_PUBLIC_URL || undefined,
    adminToken: env.EMULATOR_ADMIN_TOKEN || undefined,
    orgs: env.EMULATOR_ORGS ? env.EMULATOR_ORGS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    seedSizes: sizes,
    seed: int('EMULATOR_SEED'),
    anchorDate: env.EMULATOR_SEED_DATE || undefined,
    redirectUris: env.EMULATOR_REDIRECT_URIS ? env.EMULATOR_REDIRECT_URIS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    limits,
  };
  if (invalid.length) throw new Error(`Invalid emulator configuration: ${invalid.join(', ')} must be non-negative integers`);
  return options;
}
