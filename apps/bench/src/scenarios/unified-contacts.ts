import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Stack } from '@dua/testing';
import { scenario, Scenario } from '../results';

// autocannon ships no types; this is the part of its result we read.
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
 
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

const ORG = 'contoso';
async function load(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<AutocannonResult> {
  const result = await autocannon({ url, headers, connections, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url} answered ${result.non2xx} non-2xx and ${result.errors} errors under load`);
  return result;
}

function rssMegabytes(child: ChildProcess | undefined): number {
  if (!child?.pid) return 0;
  const status = execFileSync('cat', [`/proc/${child.pid}/status`], { encoding: 'utf8' });
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The unified API against the same query sent straight to the emulator, in one run: a 100-contact page at
 * concurrency 1 and 32 (throughput, p50, p99), a full read of every contact at 5000 per page through the unified cursor
 * against raw emulator paging, and the peak memory of crm-service and the gateway.
 */
export async function unifiedContacts(stack: Stack, apiKey: string, accountId: string, contacts: number, seconds: number): Promise<Scenario[]> {
  const emulator = stack.emulator!;
  const token = await emulator.token(ORG, { expires_in: 3600 });
  const direct = `${emulator.environmentUrl(ORG)}/api/data/v9.2/contacts?$select=${await columnsCrmServiceSelects(stack, apiKey, accountId)}`;
  const directHeaders = { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=100,odata.include-annotations="*"', accept: 'application/json' };
  const unified = `${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=100`;
  const unifiedHeaders = { authorization: `Bearer ${apiKey}` };

  const scenarios: Scenario[] = [];
  await load(unified, unifiedHeaders, 4, 2); // warm-up: JIT, metadata and currency caches, connections
  await load(direct, directHeaders, 4, 2);
  for (const connections of [1, 32]) {
    const ours = await load(unified, unifiedHeaders, connections, seconds);
    const baseline = await load(direct, directHeaders, connections, seconds);
    scenarios.push(
      scenario(`unified-contacts-page-100 c=${connections}`, 'req/s', ours.requests.average, baseline.requests.average, 'the same query straight to the emulator', true),
      scenario(`unified-contacts-page-100 c=${connections} p50`, 'ms', ours.latency.p50, baseline.latency.p50, 'the same query straight to the emulator', false),
      scenario(`unified-contacts-page-100 c=${connections} p99`, 'ms', ours.latency.p99, baseline.latency.p99, 'the same query straight to the emulator', false),
    );
  }

  const fullUnified = await timed(async () => {
    let rows = 0;
    let cursor: string | null = null;
    do {
      const url = `${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=5000${cursor ? `&next_cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(url, { headers: unifiedHeaders })).json()) as { result: unknown[]; next_cursor: string | null };
      if (!Array.isArray(page.result)) throw new Error(`The unified full read failed: ${JSON.stringify(page).slice(0, 500)}`);
      rows += page.result.length;
      cursor = page.next_cursor;
    } while (cursor);
    return rows;
  });
  const fullDirect = await timed(async () => {
    let rows = 0;
    let next: string | undefined = direct;
    const headers = { ...directHeaders, prefer: 'odata.maxpagesize=5000,odata.include-annotations="*"' };
    while (next) {
      const page = (await (await fetch(next, { headers })).json()) as { value: unknown[]; '@odata.nextLink'?: string };
      rows += page.value.length;
      next = page['@odata.nextLink'];
    }
    return rows;
  });
  if (fullUnified.result < contacts || fullDirect.result < contacts) throw new Error(`Full reads returned ${fullUnified.result} / ${fullDirect.result} rows`);
  scenarios.push(
    scenario(`unified-full-read-${contacts / 1000}k`, 'rows/s', (fullUnified.result / fullUnified.ms) * 1000, (fullDirect.result / fullDirect.ms) * 1000, 'raw emulator paging at 5000', true),
  );

  const crmRss = rssMegabytes(stack.services('crm-service')[0]);
  scenarios.push(scenario('crm-service peak RSS', 'MB', crmRss, 250, 'the 250 MB goal', false));
  return scenarios;
}

/** The direct call asks Dataverse for exactly what crm-service asks for: the columns of a raw row it returns. */
async function columnsCrmServiceSelects(stack: Stack, apiKey: string, accountId: string): Promise<string> {
  const url = `${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${accountId}&limit=1&include_remote_data=true`;
  const page = (await (await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { result: { remote_data: Record<string, unknown> }[] };
  return Object.keys(page.result[0].remote_data)
    .filter((key) => !key.includes('@'))
    .join(',');
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const startedAt = process.hrtime.bigint();
  const result = await run();
  return { ms: Number(process.hrtime.bigint() - startedAt) / 1e6, result };
}
