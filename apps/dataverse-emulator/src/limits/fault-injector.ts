import { DataverseError } from '../dataverse/errors/dataverse-error';
import { limitError } from './service-protection';

/** Faults injected through `POST /_emulator/faults`, for tests of clients' resilience. */
export interface FaultConfig {
  org?: string;
  latencyMs?: number;
  errorStatus?: number;
  /** 0..1; defaults to 1 when errorStatus is set. */
  errorRate?: number;
  /** A 429 storm: every request answers 429 with this Retry-After. */
  throttleSeconds?: number;
  tokenEndpointError?: number;
  /** The token endpoint answers this many milliseconds late (a stalled Entra). */
  tokenEndpointLatencyMs?: number;
  /** The fault ends after this many seconds (forever when absent). */
  durationSeconds?: number;
}

interface ActiveFault extends FaultConfig {
  until: number;
}

const ERROR_MESSAGES: Record<number, [string, string]> = {
  500: ['0x80040216', 'An unexpected error occurred.'],
  502: ['0x80040216', 'Bad Gateway'],
  503: ['0x80040216', 'The service is temporarily unavailable. Please try again later.'],
  504: ['0x80044151', 'The request channel timed out while waiting for a reply.'],
};

export class FaultInjector {
  private faults: ActiveFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(fault: FaultConfig, now: number): void {
    this.faults.push({ ...fault, until: fault.durationSeconds ? now + fault.durationSeconds * 1000 : Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  active(now: number): ActiveFault[] {
    this.faults = this.faults.filter((f) => f.until > now);
    return this.faults;
  }

  /** The latency to add and the error (if any) for a Web API request to `org`. */
  decide(org: string, now: number): { latencyMs: number; error?: DataverseError } {
    let latencyMs = 0;
    let error: DataverseError | undefined;
    for (const f of this.active(now)) {
      if (f.org && f.org !== org) continue;
      latencyMs += f.latencyMs ?? 0;
      if (!error && f.throttleSeconds) {
        error = limitError('0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', f.throttleSeconds);
      }
      if (!error && f.errorStatus && this.random() < (f.errorRate ?? 1)) {
        const [code, message] = ERROR_MESSAGES[f.errorStatus] ?? ['0x80040216', 'An unexpected error occurred.'];
        error = new DataverseError(f.errorStatus, code, message);
      }
    }
    return { latencyMs, error };
  }

  /** The token endpoint's added latency still in force (the sum of the active faults'). */
  tokenEndpointLatencyMs(now: number): number {
    return this.active(now).reduce((sum, f) => sum + (f.tokenEndpointLatencyMs ?? 0), 0);
  }

  /** The token endpoint fault still in force, if any. */
  tokenEndpointError(now: number): number | undefined {
    return this.active(now).find((f) => f.tokenEndpointError)?.tokenEndpointError;
  }
}
