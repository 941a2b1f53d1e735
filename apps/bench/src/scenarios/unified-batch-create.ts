import { Stack } from '@dua/testing';
import { scenario, Scenario } from '../results';

const RECORDS = 1000;
const CONCURRENCY = 8;
/** The goal: one bulk call of 1000 creates at least 5x faster than 1000 single creates at c=8. */
const GOAL = 5;
/** Rounds of the comparison (an odd number: each side's figure is its median). */
const ROUNDS = 3;
const NAME = `unified-batch-create-${RECORDS}`;

const contact = (run: string, n: number) => ({
  first_name: 'Bulk',
  last_name: `${run} ${n}`,
  title: 'Buyer',
  email_addresses: [{ email: `bulk.${run}.${n}@example.com`, type: 'primary' }],
  phone_numbers: [{ number: '+1 555 0100', type: 'work' }],
});

/**
 * 1000 contacts through one `POST /unified/crm/contacts/batch` (not atomic) against the same 1000 contacts through
 * `POST /unified/crm/contacts` at concurrency 8, both through our API, in one run: milliseconds for all 1000 (the
 * median of three rounds of each).
 */
export async function unifiedBatchCreate(stack: Stack, apiKey: string, accountId: string): Promise<Scenario[]> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const url = (path: string) => `${stack.gatewayUrl}/unified/crm/contacts${path}?integrated_account_id=${accountId}`;

  const bulk = async (run: string) => {
    const response = await fetch(url('/batch'), { method: 'POST', headers, body: JSON.stringify({ operations: Array.from({ length: RECORDS }, (_, n) => ({ op: 'create', data: contact(run, n) })) }) });
    const body = (await response.json()) as { result?: { status: number }[] };
    const created = body.result?.filter((result) => result.status === 201).length ?? 0;
    if (response.status !== 200 || created !== RECORDS) throw new Error(`The bulk create answered ${response.status} with ${created} of ${RECORDS} created`);
  };
  const singles = async (run: string) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < RECORDS) {
          const n = next++;
          const response = await fetch(url(''), { method: 'POST', headers, body: JSON.stringify(contact(run, n)) });
          if (response.status !== 201) throw new Error(`A single create answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
          await response.arrayBuffer();
        }
      }),
    );
  };

  await bulk('warm-bulk'); // warm-up: metadata caches, connections, JIT
  await singles('warm-single');
  // Rounds of one bulk call then 1000 singles, and the median of each side: one sample of each is at the mercy of
  // whatever else the machine runs at that moment.
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await elapsed(() => bulk(`bulk-${round}`)));
    baseline.push(await elapsed(() => singles(`single-${round}`)));
  }
  return [scenario(NAME, 'ms for 1000 creates', median(ours), median(baseline), `${RECORDS} single POST /unified/crm/contacts at c=${CONCURRENCY}`, false)];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function elapsed(run: () => Promise<void>): Promise<number> {
  const startedAt = performance.now();
  await run();
  return performance.now() - startedAt;
}

export function batchGoals(scenarios: Scenario[]): string[] {
  const batch = scenarios.find((candidate) => candidate.name === NAME);
  return batch ? [`${batch.ratio >= GOAL ? 'met   ' : 'MISSED'}  one bulk call of ${RECORDS} creates at least ${GOAL}x faster than ${RECORDS} single creates at c=${CONCURRENCY}: ${batch.ratio}x`] : [];
}
