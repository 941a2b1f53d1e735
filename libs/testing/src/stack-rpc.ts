import { RpcClient } from '@dua/service-kit';
import type { Stack } from './stack';

/** The product's RPC client, connected to the stack's NATS as `app` (one of its users), for tests that play a service. */
export async function rpcClientAs(stack: Stack, app: string, timeoutMs = 20_000): Promise<RpcClient> {
  const rpc = new RpcClient({ url: stack.natsUrl, user: app, password: String(stack.natsOptions(app).pass), name: app, timeoutMs });
  await rpc.connect();
  return rpc;
}
