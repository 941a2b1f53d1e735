export type DependencyStatus = 'up' | 'down';

/** A service's answer to its ping pattern. */
export class PingResultDto {
  service: string;
  /** Distinguishes replicas of the same service. */
  instance_id: string;
  /** The service's own dependencies, e.g. `{ "postgres": "up" }`. */
  checks: Record<string, DependencyStatus>;
}
