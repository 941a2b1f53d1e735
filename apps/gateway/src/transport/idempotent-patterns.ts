/**
 * The operations the gateway may send twice: reads, which change nothing however often they run. When the replica
 * holding one vanishes mid-request, the gateway asks another replica once (see `RpcClient.sendRaw`).
 *
 * Writes are never sent again after a replica took them, Idempotency-Key or not: a replica that dies mid-write
 * leaves its key "in progress" (the replay would answer 409 until the key's lock expires) and may or may not have
 * applied the write, so the honest answer is 504 `TIMEOUT` ("may or may not have been applied") and the client's own
 * retry with the same key, which the key makes safe. A request that no replica received (NATS "no responders") is
 * sent once more whatever it is: it cannot have been applied.
 *
 * By the verb of the pattern (`<service>.<resource>.<verb>`): `crm.contacts.list`, `auth.api-keys.verify`.
 */
const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'ping', 'verify', 'attachment', 'deliveries']);

export function isIdempotentRead(pattern: string): boolean {
  return READ_VERBS.has(pattern.slice(pattern.lastIndexOf('.') + 1));
}
