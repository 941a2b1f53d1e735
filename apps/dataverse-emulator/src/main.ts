import { optionsFromEnv, resolveConfig } from './config/emulator-config';
import { startEmulator } from './emulator';

/**
 * Standalone emulator. Prints one JSON line `{"event":"ready",…}` on stdout when it serves requests (scripts wait
 * for it); everything else goes to stderr.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const options = optionsFromEnv(process.env);
  if (process.argv.includes('--check-config')) {
    // Validates without seeding or listening (deployments and the docker-compose test use it).
    resolveConfig(options);
    process.stdout.write('dataverse-emulator: configuration ok\n');
    return;
  }
  const emulator = await startEmulator(options);
  const orgs = emulator.world.organizations.map((o) => ({
    name: o.name,
    environment_url: o.environmentUrl,
    web_api_url: `${o.environmentUrl}/api/data/v9.2/`,
    tenant_id: o.tenantId,
  }));
  if (emulator.config.adminTokenGenerated) {
    process.stderr.write(`EMULATOR_ADMIN_TOKEN was not set; generated admin token: ${emulator.adminToken}\n`);
  }
  process.stderr.write(`Dataverse emulator seeded ${orgs.length} organization(s) in ${Date.now() - started} ms\n`);
  for (const o of orgs) process.stderr.write(`  ${o.name}: ${o.web_api_url}\n`);
  process.stdout.write(`${JSON.stringify({ event: 'ready', base_url: emulator.baseUrl, orgs })}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Every request handler catches its own errors; anything that still escapes is logged, and the emulator keeps serving.
  process.on('uncaughtException', (e) => process.stderr.write(`Emulator error (still serving): ${e.stack ?? e}\n`));
}

main().catch((e) => {
  process.stderr.write(`Emulator failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
