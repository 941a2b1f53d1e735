import type { EmulatorWorld } from '../world';
import { OrgData } from '../dataverse/org-data';
import { OrgSeedOptions, SeedSizes, seedOrganization } from './seed-organization';

export interface WorldSeedConfig {
  baseUrl: string;
  orgs: string[];
  sizes: SeedSizes;
  seed: number;
  anchor: Date;
  redirectUris: string[];
}

export interface BuiltWorld {
  world: EmulatorWorld;
  orgs: Map<string, OrgData>;
}

/** Seeds every organization and assembles the shared world the identity half reads. */
export function buildWorld(config: WorldSeedConfig): BuiltWorld {
  const world: EmulatorWorld = { baseUrl: config.baseUrl, organizations: [], appRegistrations: [] };
  const orgs = new Map<string, OrgData>();
  for (const name of config.orgs) {
    const seeded = seedOrganization(orgOptions(config, name, config.sizes));
    world.organizations.push(seeded.org);
    world.appRegistrations.push(seeded.app);
    orgs.set(name, seeded.data);
  }
  return { world, orgs };
}

export function orgOptions(config: WorldSeedConfig, name: string, sizes: SeedSizes, extraColumns?: Record<string, number>): OrgSeedOptions {
  return { name, sizes, seed: config.seed, anchor: config.anchor, baseUrl: config.baseUrl, redirectUris: config.redirectUris, extraColumns };
}

/**
 * Reseeds one organization in place: the world objects keep their identity (the identity half holds references), only
 * their users and the org's rows are replaced.
 */
export function reseedOrganization(
  built: BuiltWorld,
  config: WorldSeedConfig,
  name: string,
  sizes: SeedSizes,
  extraColumns?: Record<string, number>,
): void {
  const seeded = seedOrganization(orgOptions(config, name, sizes, extraColumns));
  const org = built.world.organizations.find((o) => o.name === name);
  if (org) {
    org.users.splice(0, org.users.length, ...seeded.org.users);
    (seeded.data as { org: typeof org }).org = org;
  }
  const app = built.world.appRegistrations.find((a) => a.tenantId === seeded.app.tenantId);
  if (app) Object.assign(app, seeded.app);
  built.orgs.set(name, seeded.data);
}
