import { join } from 'node:path';
import { EmulatorProcess } from '@dua/testing';
import { report, Scenario } from './results';
import { clientFullRead } from './scenarios/client-full-read';

/**
 * `npm run bench`: every benchmark scenario in one run on this machine, each as a ratio against its baseline
 * measured in the same run. Results: bench/results/latest.json.
 */
const WORKSPACE = join(__dirname, '../../..');
const CONTACTS = Number(process.env['BENCH_CONTACTS'] ?? 100_000);

async function main(): Promise<void> {
  const scenarios: Scenario[] = [];
  console.log(`Seeding an emulator org with ${CONTACTS.toLocaleString('en')} contacts…`);
  const emulator = await EmulatorProcess.start({ EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: String(CONTACTS), EMULATOR_LIMIT_REQUESTS: '1000000' });
  try {
    scenarios.push(...(await clientFullRead(emulator, CONTACTS)));
  } finally {
    await emulator.stop();
  }
  report(WORKSPACE, scenarios);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
