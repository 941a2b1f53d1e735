import { writeFileSync } from 'node:fs';
import { EmulatorProcess, connectAppOnly, ServiceApp, startStack } from '@dua/testing';
import { report, Scenario } from './results';
import { WORKSPACE } from './workspace';
import { clientFullRead } from './scenarios/client-full-read';
import { syncWebhooks } from './scenarios/sync-webhooks';
import { ONE_READ_SCENARIO, ONLY_CONNECTIONS, unifiedContacts, unifiedGoals } from './scenarios/unified-contacts';
import { createGoals, unifiedCreate } from './scenarios/unified-create';
import { batchGoals, unifiedBatchCreate } from './scenarios/unified-batch-create';

/**
 * `npm run bench`: every benchmark scenario in one run on this machine, each as a ratio against its baseline
 * measured in the same run. Results: bench/results/latest.json.
 */
const CONTACTS = Number(process.env['BENCH_CONTACTS'] ?? 100_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
/** Changes pending for `webhook-delivery-throughput` (at most the seeded contacts: one change per contact). */
const SYNC_CHANGES = Math.min(CONTACTS, Number(process.env['BENCH_SYNC_CHANGES'] ?? 100_000));
const SYNC_POLL_INTERVAL_MS = 1000;
/**
 * crm-service replicas behind the gateway (NATS spreads the requests over them); one by default, as `npm start` runs it.
 * `BENCH_CRM_REPLICAS=2` measures two: on this 2-core VM they did not pay (c=48 under latency 0.39–0.45× against
 * 0.38×, but p50 at c=1 and the full read worse, and more CPU per page in all: 5.3–5.9 ms of crm-service against 4.5).
 */
const CRM_REPLICAS = Number(process.env['BENCH_CRM_REPLICAS'] ?? 1);
/**
 * `BENCH_ONLY=writes` runs only the write scenarios (creates and the bulk create), for profiling the write path;
 * `creates` or `batch` only one of them; `full-read` only the 5000-row full read and its peak memory; `latency` only
 * the c=48 page under upstream latency.
 */
const ONLY = process.env['BENCH_ONLY'];
const WRITES_ONLY = ONLY === 'writes' || ONLY === 'creates' || ONLY === 'batch';
/** `BENCH_SKIP_WRITES=true`: the read scenarios (and the change feed) alone. */
const SKIP_WRITES = process.env['BENCH_SKIP_WRITES'] === 'true';
/**
 * Dataverse's service protection limits raised out of the way: the bench measures speed, not throttling. The combined
 * execution time too: the c=48 loads under 100 ms of latency (ours, direct and the hop floor, ~34 s in all) hold the
 * emulator ~45 s per second at full speed, past the 1,200 s per 5 minutes a real org allows.
 */
const EMULATOR_SETTINGS = {
  EMULATOR_ORGS: 'contoso',
  EMULATOR_SEED_CONTACTS: String(CONTACTS),
  EMULATOR_LIMIT_REQUESTS: '100000000',
  EMULATOR_LIMIT_CONCURRENT: '1000',
  EMULATOR_LIMIT_EXECUTION_MS: '100000000000',
};

async function main(): Promise<void> {
  const scenarios: Scenario[] = [];
  console.log(`Seeding an emulator org with ${CONTACTS.toLocaleString('en')} contacts…`);
  if (!WRITES_ONLY && !ONLY_CONNECTIONS && !ONE_READ_SCENARIO) {
    const emulator = await EmulatorProcess.start(EMULATOR_SETTINGS);
    try {
      scenarios.push(...(await clientFullRead(emulator, CONTACTS)));
    } finally {
      await emulator.stop();
    }
  }

  console.log(`Starting the whole stack (${CRM_REPLICAS} crm-service replica${CRM_REPLICAS > 1 ? 's' : ''})…`);
  const stack = await startStack({
    emulator: EMULATOR_SETTINGS,
    services: [...Array<ServiceApp>(CRM_REPLICAS).fill('crm-service'), 'directory-service', 'sync-service'],
    env: { ...logLevel(), RPC_TIMEOUT_MS: '120000', SYNC_POLL_INTERVAL_MS: String(SYNC_POLL_INTERVAL_MS), WEBHOOK_ALLOW_LOCAL_HTTP: 'true' },
    nodeArgs: [...profiling(), ...extraNodeArgs()],
  });
  try {
    const { api_key: apiKey } = await stack.admin('create-environment', 'Bench');
    const accountId = await connectAppOnly(stack, apiKey, 'contoso');
    if (!WRITES_ONLY) scenarios.push(...(await unifiedContacts(stack, apiKey, accountId, CONTACTS, SECONDS)));
    if (!SKIP_WRITES && !ONE_READ_SCENARIO && ONLY !== 'batch') scenarios.push(...(await unifiedCreate(stack, apiKey, accountId, SECONDS)));
    if (!SKIP_WRITES && !ONE_READ_SCENARIO && ONLY !== 'creates') scenarios.push(...(await unifiedBatchCreate(stack, apiKey, accountId)));
    if (!WRITES_ONLY && !ONE_READ_SCENARIO && process.env['BENCH_SKIP_SYNC'] !== 'true') scenarios.push(...(await syncWebhooks(stack, apiKey, accountId, SYNC_CHANGES, SYNC_POLL_INTERVAL_MS)));
  } finally {
    const log = process.env['BENCH_STACK_LOG'];
    if (log) writeFileSync(log, `${stack.logs.join('\n')}\n`);
    await stack.stop();
  }
  report(WORKSPACE, scenarios);
  console.log(`\nGoals of the unified read path:\n${unifiedGoals(scenarios).join('\n')}`);
  console.log(`\nGoals of the unified write path:\n${[...createGoals(scenarios), ...batchGoals(scenarios)].join('\n')}`);
}

/** `BENCH_CPU_PROFILE=<dir>`: every app writes a V8 CPU profile there when it stops (for `node --cpu-prof` analysis). */
function profiling(): string[] {
  const directory = process.env['BENCH_CPU_PROFILE'];
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`] : [];
}

/** `BENCH_LOG_LEVEL=warn`: the apps' log level (to measure what logging costs; `info` by default, as in production). */
function logLevel(): NodeJS.ProcessEnv {
  const level = process.env['BENCH_LOG_LEVEL'];
  return level ? { LOG_LEVEL: level } : {};
}

/** `BENCH_NODE_ARGS="--trace-gc …"`: extra `node` flags for every app (with `BENCH_STACK_LOG=<file>` to keep their output). */
function extraNodeArgs(): string[] {
  return (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
