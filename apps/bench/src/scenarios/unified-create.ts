import { readdirSync, readFileSync } from 'node:fs';
import { DynamicsWebApi } from 'dynamics-web-api';
import { Stack } from '@dua/testing';
import { scenario, Scenario } from '../results';

const ORG = 'contoso';
const CONCURRENCY = 8;

/** The contact both sides create: the same columns, the unified way and the Dataverse way. */
const unifiedContact = (n: number) => ({
  first_name: 'Bench',
  last_name: `Create ${n}`,
  title: 'Buyer',
  email_addresses: [{ email: `bench.${n}@example.com`, type: 'primary' }],
  phone_numbers: [{ number: '+1 555 0100', type: 'work' }],
});
const dataverseContact = (n: number) => ({ firstname: 'Bench', lastname: `Create ${n}`, jobtitle: 'Buyer', emailaddress1: `bench.${n}@example.com`, telephone1: '+1 555 0100' });

/**
 * Contacts created per second at concurrency 8: through the gateway (`POST /unified/crm/contacts` with an
 * Idempotency-Key, answering the created record) against dynamics-web-api creating the same contacts straight on the
 * emulator (`POST` with `return=representation`), in one run: the sides take turns of a few seconds each.
 */
export async function unifiedCreate(stack: Stack, apiKey: string, accountId: string, seconds: number): Promise<Scenario[]> {
  const emulator = stack.emulator!;
  const token = await emulator.token(ORG, { expires_in: 3600 });
  const direct = new DynamicsWebApi({ serverUrl: `${emulator.environmentUrl(ORG)}/`, dataApi: { version: '9.2' }, onTokenRefresh: async () => token });
  let sequence = 0;
  const createUnified = async (withKey = true) => {
    const n = sequence++;
    const key: Record<string, string> = withKey ? { 'idempotency-key': `bench-${n}-${Date.now()}` } : {};
    const response = await fetch(`${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...key },
      body: JSON.stringify(unifiedContact(n)),
    });
    if (response.status !== 201) throw new Error(`A unified create answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer();
  };
  const createDirect = async () => {
    const n = sequence++;
    await direct.create({ collection: 'contacts', data: dataverseContact(n), returnRepresentation: true });
  };

  await perSecond(() => createUnified(), CONCURRENCY, 2); // warm-up: metadata, navigation and currency caches, connections
  await perSecond(createDirect, CONCURRENCY, 2);
  // What the Idempotency-Key costs (two round trips to auth-service and its Postgres), A/B in the same run.
  const sides = { 'with-key': () => createUnified(), direct: createDirect, 'no-key': () => createUnified(false) };
  const [ours, baseline, withoutKey] = await interleaved(sides, CONCURRENCY, seconds, () => cpuSecondsOf(stack));
  const DIRECT = 'dynamics-web-api 2.5.0 creating the same contacts on the emulator';
  return [
    scenario(`unified-create-c${CONCURRENCY}`, 'creates/s', ours, baseline, DIRECT, true),
    scenario(`unified-create-no-key-c${CONCURRENCY}`, 'creates/s', withoutKey, baseline, DIRECT, true),
  ];
}

/**
 * Each slice of an interleaved measurement: short, so that a change in the machine's load hits every side alike.
 * `BENCH_SLICE_SECONDS` sets it (as long as the whole run: one side after the other, e.g. to account each side's
 * CPU time), and `BENCH_TRACE_SLICES=true` prints each slice's operations and the CPU time each process of the
 * stack (the Postgres backends of its database too, and this load generator) spent per operation in it:
 * load-independent evidence of where a create's cost is.
 */
const SLICE_SECONDS = Number(process.env['BENCH_SLICE_SECONDS'] ?? 2);
const TRACE_SLICES = process.env['BENCH_TRACE_SLICES'] === 'true';

/**
 * Operations per second of each side, measured in turns of `SLICE_SECONDS` (A, B, C, A, B, C, …) for
 * `seconds` each in all, rather than one after the other: on a shared machine the load changes within a run.
 */
async function interleaved(sides: Record<string, () => Promise<void>>, concurrency: number, seconds: number, cpuSeconds: () => Map<string, number>): Promise<number[]> {
  const operations = Object.entries(sides);
  const completed = operations.map(() => 0);
  const elapsed = operations.map(() => 0);
  for (let spent = 0; spent < seconds; spent += SLICE_SECONDS) {
    const slice = Math.min(SLICE_SECONDS, seconds - spent);
    for (const [which, [name, operation]] of operations.entries()) {
      const cpuBefore = TRACE_SLICES ? cpuSeconds() : undefined;
      const { count, secondsTaken } = await run(operation, concurrency, slice);
      if (cpuBefore) console.log(`slice ${name}: ${count} operations in ${secondsTaken} s; CPU ms per operation: ${cpuPerOperation(cpuBefore, cpuSeconds(), count)}`);
      completed[which] += count;
      elapsed[which] += secondsTaken;
    }
  }
  return completed.map((count, which) => count / elapsed[which]);
}

/**
 * CPU seconds (user + system) so far of every process of the stack, from `/proc/<pid>/stat` (Linux), of the Postgres
 * backends serving the stack's database (when that server runs on this machine), and of this one.
 */
function cpuSecondsOf(stack: Stack): Map<string, number> {
  const seconds = new Map<string, number>();
  const add = (name: string, pid: number | undefined) => {
    try {
      // Fields after the command's closing parenthesis: state is the 1st, utime the 12th, stime the 13th (clock ticks).
      const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop() ?? '').trim().split(' ');
      seconds.set(name, (seconds.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND);
    } catch {
      // Not Linux, or the process is gone: left out.
    }
  };
  for (const { name, child } of stack.processes()) add(name, child.pid);
  for (const pid of postgresBackendsOf(stack.databaseUrl)) add('postgres', pid);
  const own = process.cpuUsage();
  seconds.set('load generator', (own.user + own.system) / 1e6);
  return seconds;
}

/**
 * The Postgres backends connected to the database of `databaseUrl`, by their process titles (`postgres: [<cluster>:]
 * <user> <database> <client> <activity>`): the idempotency keys' statements run there, on the same cores as the stack.
 * None when the server runs elsewhere, or the machine is not Linux.
 */
function postgresBackendsOf(databaseUrl: string): number[] {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  return entries.filter((pid) => {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return title.startsWith('postgres: ') && title.split(/[\s\0]+/).includes(database);
    } catch {
      return false;
    }
  }).map(Number);
}

/** `getconf CLK_TCK` on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

function cpuPerOperation(before: Map<string, number>, after: Map<string, number>, operations: number): string {
  return [...after]
    .map(([name, seconds]) => [name, ((seconds - (before.get(name) ?? 0)) * 1000) / Math.max(1, operations)] as const)
    .filter(([, milliseconds]) => milliseconds >= 0.05)
    .sort(([, a], [, b]) => b - a)
    .map(([name, milliseconds]) => `${name} ${milliseconds.toFixed(2)}`)
    .join(', ');
}

/** `concurrency` loops calling `operation` back to back for `seconds`; completed operations per second. */
async function perSecond(operation: () => Promise<void>, concurrency: number, seconds: number): Promise<number> {
  const { count, secondsTaken } = await run(operation, concurrency, seconds);
  return count / secondsTaken;
}

/** `concurrency` loops calling `operation` back to back until `seconds` have passed (each finishes its last call). */
async function run(operation: () => Promise<void>, concurrency: number, seconds: number): Promise<{ count: number; secondsTaken: number }> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await operation();
        count++;
      }
    }),
  );
  return { count, secondsTaken: (Date.now() - startedAt) / 1000 };
}

/** The goal for the write path: at least half the creates per second of a client talking to Dataverse directly. */
export function createGoals(scenarios: Scenario[]): string[] {
  const create = scenarios.find((candidate) => candidate.name === `unified-create-c${CONCURRENCY}`);
  return create ? [`${create.ratio >= 0.5 ? 'met   ' : 'MISSED'}  c=${CONCURRENCY} creates at least 0.5x dynamics-web-api direct: ${create.ratio}x`] : [];
}
