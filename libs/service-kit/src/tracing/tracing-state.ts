let started = false;

/** Whether this process exports traces: when it does not, no span is made and no NATS header is added. */
export function isTracingStarted(): boolean {
  return started;
}

export function markTracingStarted(): void {
  started = true;
}
