import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { includeAnnotationsPreference, LOOKUP_TYPE_ANNOTATIONS } from '@dua/dataverse-client';
import { Stack } from '@dua/testing';
import { cpuMilliseconds, load, LoadResult, ownCpuMilliseconds, parseFloor, peakRssMegabytes, timed } from '../measure';
import { scenario, Scenario } from '../results';
import { HopFloor } from './hop-floor';

const ORG = 'contoso';
const DIRECT = 'the same query straight to the emulator';
const PARSE_FLOOR = 'the parse floor (the page with every annotation fetched, parsed and re-serialized in one process)';
/** What `hop-floor-*` measure; see HopFloor. */
const HOP_FLOOR = 'ours is the hop floor: a bare HTTP server, NATS and a bare service that fetches, parses and re-serializes the page';
const CRM_SERVICE_RSS_GOAL_MB = 200;
/** Dataverse's latency as a real org shows it, injected by the emulator for `unified-list-100-c48-latency100`. */
const UPSTREAM_LATENCY_MS = 100;
/** The full read's page size, both ways: Dataverse's largest. */
const FULL_READ_PAGE_SIZE = 5000;
/** Under Dataverse's 52 concurrent requests per user. */
const LATENCY_CONNECTIONS = 48;
/**
 * `BENCH_READ_CONNECTIONS=1` (or `32`): only the 100-contact page at that concurrency, for profiling one loop
 * (`BENCH_CPU_PROFILE`); the latency, full-read and memory scenarios are skipped.
 */
export const ONLY_CONNECTIONS = process.env['BENCH_READ_CONNECTIONS'] ? [Number(process.env['BENCH_READ_CONNECTIONS'])] : undefined;
/** `BENCH_ONLY=full-read`: only the full read and the peak memory it leaves (for profiling the 5000-row path). */
const FULL_READ_ONLY = process.env['BENCH_ONLY'] === 'full-read';
/** `BENCH_ONLY=latency`: only the c=48 page under upstream latency (for profiling that load). */
const LATENCY_ONLY = process.env['BENCH_ONLY'] === 'latency';
/** One read scenario alone (`full-read` or `latency`): no other read loop here, and no writes or change feed in main. */
export const ONE_READ_SCENARIO = FULL_READ_ONLY || LATENCY_ONLY;

/**
 * The unified API against the same query sent straight to the emulator, in one run: a 100-contact page at
 * concurrency 1 and 32 (throughput, p50, p99), the c=32 throughput against the parse floor, the same page at c=48 with
 * the emulator answering after 100 ms (like a real org), a full read of every contact at 5000 per page through the unified cursor
 * against raw emulator paging (then both again under the 100 ms), and the peak memory of every process of the stack.
 * The c=1, c=32 and c=48 loops also run against the hop floor (see HopFloor): what any read of this shape costs here.
 */
export async function unifiedContacts(stack: Stack, apiKey: string, accountId: string, contacts: number, seconds: number): Promise<Scenario[]> {
  const emulator = stack.emulator!;
  const token = await emulator.token(ORG, { expires_in: 3600 });
  const direct = `${emulator.environmentUrl(ORG)}/api/data/v9.2/contacts?$select=${await columnsCrmServiceSelects(stack, apiKey, accountId)}`;
  const directHeaders = { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=100,odata.include-annotations="*"', accept: 'application/json' };
  const unified = `${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=100`;
  const unifiedHeaders = { authorization: `Bearer ${apiKey}` };

  const targets: ReadTargets = { unified, unifiedHeaders, direct, directHeaders };
  const scenarios: Scenario[] = [];
  await load(unified, unifiedHeaders, 4, 2); // warm-up: JIT, metadata and currency caches, connections
  await load(direct, directHeaders, 4, 2);
  if (!FULL_READ_ONLY) {
    // Only for the page loops: stopped before the full read, which (and the peak memory) is measured without it.
    const hopFloor = await HopFloor.start(direct, { ...directHeaders, prefer: `odata.maxpagesize=100,${includeAnnotationsPreference(LOOKUP_TYPE_ANNOTATIONS)}` });
    try {
      await load(hopFloor.url, {}, 4, 2);
      for (const connections of LATENCY_ONLY ? [] : (ONLY_CONNECTIONS ?? [1, 32])) scenarios.push(...(await pageLoop(stack, hopFloor, targets, connections, seconds)));
      if (!ONLY_CONNECTIONS) scenarios.push(...(await underUpstreamLatency(stack, hopFloor, targets, seconds)));
    } finally {
      await hopFloor.stop();
    }
  }
  if (ONLY_CONNECTIONS || LATENCY_ONLY) return scenarios;

  const cpuBeforeFullRead = cpuWithClient(stack);
  const fullUnified = await timed(() => readAllUnified(stack, unifiedHeaders, accountId));
  const cpuPerFullReadPage = cpuPer(cpuBeforeFullRead, cpuWithClient(stack), Math.ceil(contacts / FULL_READ_PAGE_SIZE));
  const fullDirect = await timed(() => readAllDirect(direct, directHeaders));
  if (fullUnified.result !== contacts || fullDirect.result !== contacts) throw new Error(`Full reads returned ${fullUnified.result} / ${fullDirect.result} of ${contacts} rows`);
  const rowsPerSecond = (read: { ms: number; result: number }) => (read.result / read.ms) * 1000;
  scenarios.push(scenario(`unified-full-sync-${contacts / 1000}k`, 'rows/s', rowsPerSecond(fullUnified), rowsPerSecond(fullDirect), 'raw emulator paging at 5000', true));
  console.log(`\nCPU per ${FULL_READ_PAGE_SIZE}-contact page of the unified full read (ms; ${Math.round(fullUnified.ms / Math.ceil(contacts / FULL_READ_PAGE_SIZE))} ms of wall time per page):`);
  console.table(cpuPerFullReadPage);
  // The same under a real org's latency: while the client reads a page, crm-service has already asked for the next.
  await emulator.faults({ org: ORG, latency_ms: UPSTREAM_LATENCY_MS });
  try {
    const slowUnified = await timed(() => readAllUnified(stack, unifiedHeaders, accountId));
    const slowDirect = await timed(() => readAllDirect(direct, directHeaders));
    if (slowUnified.result !== contacts || slowDirect.result !== contacts) throw new Error(`Full reads under latency returned ${slowUnified.result} / ${slowDirect.result} of ${contacts} rows`);
    scenarios.push(scenario(`unified-full-sync-${contacts / 1000}k-latency${UPSTREAM_LATENCY_MS}`, 'rows/s', rowsPerSecond(slowUnified), rowsPerSecond(slowDirect), `raw emulator paging at 5000 (every answer after ${UPSTREAM_LATENCY_MS} ms)`, true));
  } finally {
    await emulator.clearFaults();
  }

  const memory = stack.processes().map(({ name, child }) => ({ process: name, 'peak RSS (MB)': Math.round(peakRssMegabytes(child)) }));
  console.log('\nPeak memory of each process:');
  console.table(memory);
  // With several replicas (crm-service#1, #2, …), the goal holds for each: the largest peak is the one measured.
  const crmRss = Math.max(...memory.filter((entry) => entry.process.split('#')[0] === 'crm-service').map((entry) => entry['peak RSS (MB)']));
  scenarios.push(scenario('crm-service-peak-rss', 'MB', crmRss, CRM_SERVICE_RSS_GOAL_MB, `the ${CRM_SERVICE_RSS_GOAL_MB} MB goal`, false));
  return scenarios;
}

interface ReadTargets {
  unified: string;
  unifiedHeaders: Record<string, string>;
  direct: string;
  directHeaders: Record<string, string>;
}

/**
 * The 100-contact page at `connections`, through the unified API, direct and through the hop floor (and, above one
 * connection, the parse floor), with the CPU each spends per page.
 */
async function pageLoop(stack: Stack, hopFloor: HopFloor, targets: ReadTargets, connections: number, seconds: number): Promise<Scenario[]> {
  const { unified, unifiedHeaders, direct, directHeaders } = targets;
  const scenarios: Scenario[] = [];
  const { result: ours, cpuPerRequest: cpuPerPage } = await loadReadingCpu(unified, unifiedHeaders, connections, seconds, () => stackCpu(stack));
  const baseline = await load(direct, directHeaders, connections, seconds);
  const { result: hop, cpuPerRequest: hopCpuByProcess } = await loadReadingCpu(hopFloor.url, {}, connections, seconds, () => cpuOf(hopFloor.processes()));
  const hopCpuPerPage = sum(Object.values(hopCpuByProcess));
  scenarios.push(
    scenario(`unified-list-100-c${connections}`, 'req/s', ours.requestsPerSecond, baseline.requestsPerSecond, DIRECT, true),
    scenario(`unified-p50-c${connections}`, 'ms', ours.p50, baseline.p50, DIRECT, false),
    scenario(`unified-p99-c${connections}`, 'ms', ours.p99, baseline.p99, DIRECT, false),
    scenario(`hop-floor-p50-c${connections}`, 'ms', hop.p50, baseline.p50, `${DIRECT} (${HOP_FLOOR})`, false),
  );
  if (connections > 1) {
    const floorCpuBefore = ownCpuMilliseconds();
    const floor = await parseFloor(direct, directHeaders, connections, seconds);
    const floorCpuPerPage = (ownCpuMilliseconds() - floorCpuBefore) / floor.requests;
    scenarios.push(scenario(`parse-floor-100-c${connections}`, 'req/s', floor.requestsPerSecond, baseline.requestsPerSecond, `${DIRECT} (floor: fetch + parse + stringify in one process, no hop)`, true));
    scenarios.push(scenario(`unified-vs-floor-100-c${connections}`, 'req/s', ours.requestsPerSecond, floor.requestsPerSecond, PARSE_FLOOR, true));
    scenarios.push(scenario(`hop-floor-vs-floor-100-c${connections}`, 'req/s', hop.requestsPerSecond, floor.requestsPerSecond, `${PARSE_FLOOR} (${HOP_FLOOR})`, true));
    scenarios.push(scenario(`unified-cpu-per-page-100-c${connections}`, 'ms CPU', sum(Object.values(cpuPerPage)), floorCpuPerPage, 'the parse floor\'s CPU per page (load-independent, unlike req/s)', false));
    scenarios.push(scenario(`hop-floor-cpu-per-page-100-c${connections}`, 'ms CPU', hopCpuPerPage, floorCpuPerPage, `the parse floor's CPU per page (${HOP_FLOOR})`, false));
    console.log(`\nCPU per 100-contact page at c=${connections} (ms; the parse floor: ${floorCpuPerPage.toFixed(2)}, the hop floor: ${hopCpuPerPage.toFixed(2)}):`);
  } else {
    console.log(`\nCPU per 100-contact page at c=${connections} (ms; ${sum(Object.values(cpuPerPage)).toFixed(3)} in all; the hop floor: ${hopCpuPerPage.toFixed(2)}):`);
  }
  console.table(cpuPerPage);
  console.log(`The hop floor's, by process (ms): ${JSON.stringify(hopCpuByProcess)}`);
  return scenarios;
}

/** `load`, and the CPU time each process `readCpu` reads spent during it: per request and per second of the load, in ms. */
async function loadReadingCpu(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  readCpu: () => Record<string, number>,
): Promise<{ result: LoadResult; cpuPerRequest: Record<string, number>; cpuPerSecond: Record<string, number> }> {
  const before = readCpu();
  const startedAt = Date.now();
  const result = await load(url, headers, connections, seconds);
  const after = readCpu();
  const elapsedSeconds = (Date.now() - startedAt) / 1000;
  return { result, cpuPerRequest: cpuPer(before, after, result.requests), cpuPerSecond: cpuPer(before, after, elapsedSeconds) };
}

/** CPU time used so far by each of `processes`, in ms. */
function cpuOf(processes: { name: string; child: ChildProcess }[]): Record<string, number> {
  return Object.fromEntries(processes.map(({ name, child }) => [name, cpuMilliseconds(child)]));
}

/** CPU time used so far by each process of the stack but the emulator (ours: gateway, services, nats-server), in ms. */
function stackCpu(stack: Stack): Record<string, number> {
  return Object.fromEntries(Object.entries(everyCpu(stack)).filter(([name]) => name !== 'dataverse-emulator'));
}

/** CPU time used so far by each process of the stack, the emulator included, in ms. */
function everyCpu(stack: Stack): Record<string, number> {
  return cpuOf(stack.processes());
}

/** `everyCpu` and this process's own, the load generator's (`bench (client)`). */
function cpuWithClient(stack: Stack): Record<string, number> {
  return { ...everyCpu(stack), 'bench (client)': ownCpuMilliseconds() };
}

/** The CPU time each process used between two readings, divided by `units` (requests, pages or seconds), in ms. */
function cpuPer(before: Record<string, number>, after: Record<string, number>, units: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, Math.round(((after[name] - (before[name] ?? 0)) / units) * 1000) / 1000]));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * `unified-list-100-c48-latency100`: with every Web API answer delayed by 100 ms, the stack should add nothing a user
 * sees: throughput at c=48 is bounded by the upstream's latency, not by our CPU.
 */
async function underUpstreamLatency(stack: Stack, hopFloor: HopFloor, targets: ReadTargets, seconds: number): Promise<Scenario[]> {
  const { unified, unifiedHeaders, direct, directHeaders } = targets;
  const name = `unified-list-100-c${LATENCY_CONNECTIONS}-latency${UPSTREAM_LATENCY_MS}`;
  const baselineName = `${DIRECT} (every answer after ${UPSTREAM_LATENCY_MS} ms)`;
  const emulator = stack.emulator!;
  await emulator.faults({ org: ORG, latency_ms: UPSTREAM_LATENCY_MS });
  try {
    await load(unified, unifiedHeaders, LATENCY_CONNECTIONS, 2); // warm-up: the pool grows to 48 connections
    const { result: ours, cpuPerSecond: busy } = await loadReadingCpu(unified, unifiedHeaders, LATENCY_CONNECTIONS, seconds, () => cpuWithClient(stack));
    console.log(`\nCPU of each process under ${UPSTREAM_LATENCY_MS} ms of upstream latency at c=${LATENCY_CONNECTIONS} (ms per second of the run; the machine has ${availableParallelism()} cores):`);
    console.table(busy);
    const baseline = await load(direct, directHeaders, LATENCY_CONNECTIONS, seconds);
    await load(hopFloor.url, {}, LATENCY_CONNECTIONS, 2);
    const hopAndStackCpu = () => ({ ...cpuOf(hopFloor.processes()), ...cpuWithClient(stack) });
    const { result: hop, cpuPerSecond: hopBusy } = await loadReadingCpu(hopFloor.url, {}, LATENCY_CONNECTIONS, seconds, hopAndStackCpu);
    console.log('The same for the hop floor, the stack idle:');
    console.table(hopBusy);
    return [
      scenario(name, 'req/s', ours.requestsPerSecond, baseline.requestsPerSecond, baselineName, true),
      scenario(`unified-p50-c${LATENCY_CONNECTIONS}-latency${UPSTREAM_LATENCY_MS}`, 'ms', ours.p50, baseline.p50, baselineName, false),
      scenario(`hop-floor-100-c${LATENCY_CONNECTIONS}-latency${UPSTREAM_LATENCY_MS}`, 'req/s', hop.requestsPerSecond, baseline.requestsPerSecond, `${baselineName} (${HOP_FLOOR})`, true),
    ];
  } finally {
    await emulator.clearFaults();
  }
}

async function readAllUnified(stack: Stack, headers: Record<string, string>, accountId: string): Promise<number> {
  let rows = 0;
  let cursor: string | null = null;
  do {
    const url = `${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=${FULL_READ_PAGE_SIZE}${cursor ? `&next_cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (await fetch(url, { headers })).json()) as { result: unknown[]; next_cursor: string | null };
    if (!Array.isArray(page.result)) throw new Error(`The unified full read failed: ${JSON.stringify(page).slice(0, 500)}`);
    rows += page.result.length;
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

async function readAllDirect(firstPage: string, headers: Record<string, string>): Promise<number> {
  let rows = 0;
  let next: string | undefined = firstPage;
  const pageHeaders = { ...headers, prefer: `odata.maxpagesize=${FULL_READ_PAGE_SIZE},odata.include-annotations="*"` };
  while (next) {
    const page = (await (await fetch(next, { headers: pageHeaders })).json()) as { value: unknown[]; '@odata.nextLink'?: string };
    rows += page.value.length;
    next = page['@odata.nextLink'];
  }
  return rows;
}

/** The direct call asks Dataverse for exactly what crm-service asks for: the columns of a raw row it returns. */
async function columnsCrmServiceSelects(stack: Stack, apiKey: string, accountId: string): Promise<string> {
  const url = `${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=1&include_remote_data=true`;
  const page = (await (await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { result: { remote_data: Record<string, unknown> }[] };
  return Object.keys(page.result[0].remote_data)
    .filter((key) => !key.includes('@'))
    .join(',');
}

/** The goals of the unified read path (issue 18), checked against a run's scenarios. */
export function unifiedGoals(scenarios: Scenario[]): string[] {
  const named = (prefix: string) => scenarios.find((candidate) => candidate.name.startsWith(prefix));
  const check = (met: boolean, text: string) => `${met ? 'met   ' : 'MISSED'}  ${text}`;
  const vsFloor = named('unified-vs-floor-100-c32');
  const p50 = named('unified-p50-c1');
  const fullSync = scenarios.find((candidate) => candidate.name.startsWith('unified-full-sync-') && !candidate.name.includes('-latency'));
  const rss = named('crm-service-peak-rss');
  const latency = named(`unified-list-100-c${LATENCY_CONNECTIONS}-latency${UPSTREAM_LATENCY_MS}`);
  // The hop floor's own figure beside a goal: whether any gateway → NATS → service read could meet it here.
  const hop = (name: string, figure: (found: Scenario) => string) => {
    const found = named(name);
    return found ? `; the hop floor: ${figure(found)}` : '';
  };
  const msAbove = (found: Scenario) => `${(found.ours - found.baseline).toFixed(2)} ms above`;
  const lines: string[] = [];
  if (vsFloor) lines.push(check(vsFloor.ratio >= 1, `c=32 throughput at least the parse floor's: ${vsFloor.ratio}x (${vsFloor.ours} vs ${vsFloor.baseline} req/s)${hop('hop-floor-vs-floor-100-c32', (found) => `${found.ratio}x`)}`));
  if (p50) lines.push(check(p50.ours - p50.baseline <= 2, `c=1 p50 at most 2 ms above direct: ${msAbove(p50)} (${p50.ours} vs ${p50.baseline} ms)${hop('hop-floor-p50-c1', msAbove)}`));
  if (fullSync) lines.push(check(fullSync.ratio >= 0.8, `full read at least 0.8x raw paging: ${fullSync.ratio}x`));
  if (rss) lines.push(check(rss.ours <= CRM_SERVICE_RSS_GOAL_MB, `crm-service peak RSS at most ${CRM_SERVICE_RSS_GOAL_MB} MB: ${rss.ours} MB`));
  if (latency) lines.push(check(latency.ratio >= 0.95, `c=${LATENCY_CONNECTIONS} throughput under ${UPSTREAM_LATENCY_MS} ms upstream latency at least 0.95x direct: ${latency.ratio}x (${latency.ours} vs ${latency.baseline} req/s)${hop(`hop-floor-100-c${LATENCY_CONNECTIONS}-latency${UPSTREAM_LATENCY_MS}`, (found) => `${found.ratio}x`)}`));
  return lines;
}
