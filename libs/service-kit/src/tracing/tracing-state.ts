let started = false;
let stopSdk: (() => Promise<void>) | undefined;

/** Whether this process exports traces: when it does not, no span is made and no NATS header is added. */
export function isTracingStarted(): boolean {
  return started;
}

/** Records that the SDK runs, and how to stop it (flushing what it still holds). */
export function markTracingStarted(stop?: () => Promise<void>): void {
  started = true;
  stopSdk = stop;
}

/** Exports the spans still batched and stops the SDK; nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const stop = stopSdk;
  stopSdk = undefined;
  await stop?.();
}
