import type { ChildProcess } from 'node:child_process';
import { connectAppOnly, sleep, Stack, startStack } from '@dua/testing';
import { LoadRun, startLoad } from './load';

/** The read the replica scenarios load the stack with: one page of 100 contacts through the gateway. */
export const CONTACTS_PAGE = '/unified/crm/contacts?limit=100';

export interface ReplicaStack {
  stack: Stack;
  apiKey: string;
  accountId: string;
  read(): Promise<Response>;
}

/**
 * The product with two crm-service replicas, the emulator (limits lifted: the scenarios measure the product, not
 * Dataverse's throttling) and one app-only account.
 */
export async function startReplicaStack(name: string, env: NodeJS.ProcessEnv = {}): Promise<ReplicaStack> {
  const stack = await startStack({
    services: ['crm-service', 'crm-service', 'directory-service', 'sync-service'],
    emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_LIMIT_REQUESTS: '100000000', EMULATOR_LIMIT_CONCURRENT: '1000' },
    env,
  });
  const { api_key: apiKey } = await stack.admin('create-environment', name);
  const accountId = await connectAppOnly(stack, apiKey, 'contoso');
  const url = `${stack.gatewayUrl}${CONTACTS_PAGE}&integrated_account_id=${accountId}`;
  const read = () => fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  const first = await read();
  if (first.status !== 200) throw new Error(`The first read answered ${first.status}: ${await first.text()}`);
  return { stack, apiKey, accountId, read };
}

/** c=32 closed-loop reads, after a short warm-up so that both replicas hold requests when the fault comes. */
export async function startReads(replicas: ReplicaStack, warmUpMs = 1_500): Promise<LoadRun> {
  const load = startLoad(32, replicas.read);
  await sleep(warmUpMs);
  return load;
}

/** Resolves when `child` exits, with how it ended and when. */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode, at: Date.now() });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
}

/** `gateway_rpc_retries_total` from the gateway's /metrics, by reason. */
export async function rpcRetries(stack: Stack): Promise<Record<string, number>> {
  const response = await fetch(`${stack.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${stack.env['METRICS_TOKEN']}` } });
  const text = await response.text();
  const retries: Record<string, number> = {};
  for (const match of text.matchAll(/^gateway_rpc_retries_total\{[^}]*reason="([^"]+)"[^}]*\} (\d+)/gm)) {
    retries[match[1]] = (retries[match[1]] ?? 0) + Number(match[2]);
  }
  return retries;
}
