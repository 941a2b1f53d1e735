import type { IdentityProvider } from '../identity/identity-provider';
import type { ResolvedConfig } from '../config/emulator-config';
import type { OrgData } from '../dataverse/org-data';
import { FaultInjector } from '../limits/fault-injector';
import { RequestStats } from '../limits/request-stats';
import { LimitConfig, ServiceProtection } from '../limits/service-protection';
import { buildWorld, BuiltWorld, reseedOrganization, WorldSeedConfig } from '../seed/build-world';
import { SeedSizes } from '../seed/seed-organization';
import type { EmulatedOrganization, EmulatorWorld } from '../world';

/** Everything a running emulator holds: the world and its data, the identity half, limits, faults and counters. */
export class EmulatorState {
  built: BuiltWorld;
  identity!: IdentityProvider;
  readonly faults = new FaultInjector();
  readonly stats = new RequestStats();
  private readonly limits = new Map<string, ServiceProtection>();
  private readonly seedConfig: WorldSeedConfig;

  constructor(readonly config: ResolvedConfig, readonly baseUrl: string) {
    this.seedConfig = {
      baseUrl,
      orgs: config.orgs,
      sizes: config.seedSizes,
      seed: config.seed,
      anchor: config.anchor,
      redirectUris: config.redirectUris,
    };
    this.built = buildWorld(this.seedConfig);
    for (const org of config.orgs) this.limits.set(org, new ServiceProtection({ ...config.limits }));
  }

  get world(): EmulatorWorld {
    return this.built.world;
  }

  org(name: string): EmulatedOrganization | undefined {
    return this.built.world.organizations.find((o) => o.name === name);
  }

  data(name: string): OrgData | undefined {
    return this.built.orgs.get(name);
  }

  protection(org: string): ServiceProtection {
    return this.limits.get(org)!;
  }

  setLimits(org: string | undefined, limits: Partial<LimitConfig>): LimitConfig[] {
    const targets = org ? [org] : [...this.limits.keys()];
    return targets.map((name) => {
      const p = this.protection(name);
      p.config = { ...p.config, ...limits };
      return p.config;
    });
  }

  /** Reseeds deterministically; ids stay the same for the same seed and sizes. */
  reset(org: string | undefined, sizes: Partial<SeedSizes> = {}, extraColumns?: Record<string, number>): void {
    const merged = { ...this.config.seedSizes, ...sizes };
    for (const name of org ? [org] : this.config.orgs) {
      reseedOrganization(this.built, this.seedConfig, name, merged, extraColumns);
      this.protection(name).reset();
    }
  }
}
