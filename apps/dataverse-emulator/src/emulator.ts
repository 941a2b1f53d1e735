import type { AddressInfo } from 'node:net';
import { EmulatorOptions, resolveConfig, ResolvedConfig } from './config/emulator-config';
import { createIdentityProvider } from './identity';
import type { IdentityProvider } from './identity/identity-provider';
import { EmulatorState } from './server/emulator-state';
import { createEmulatorServer } from './server/http-server';
import type { EmulatorWorld } from './world';

export interface RunningEmulator {
  baseUrl: string;
  world: EmulatorWorld;
  adminToken: string;
  config: ResolvedConfig;
  identity: IdentityProvider;
  /** For in-process tests and benchmarks: the live state (org data, limits, stats). */
  state: EmulatorState;
  close(): Promise<void>;
}

export type { EmulatorOptions };

/** Starts the whole emulator (Dataverse, Entra ID, Global Discovery, admin API) on one port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(options);
  // The server starts before the world exists (the world needs the port); until then it answers 503.
  const holder: { state?: EmulatorState } = {};
  const server = createEmulatorServer(() => holder.state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const baseUrl = config.publicUrl ?? `http://${host}:${address.port}`;
  const ready = new EmulatorState(config, baseUrl);
  ready.identity = createIdentityProvider(() => ready.world, {
    accessTokenLifetimeSeconds: config.accessTokenLifetimeSeconds,
  });
  holder.state = ready;
  return {
    baseUrl,
    world: ready.world,
    adminToken: config.adminToken,
    config,
    identity: ready.identity,
    state: ready,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
