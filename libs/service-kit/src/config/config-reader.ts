/**
 * Reads an app's configuration from the environment once, at start. Every problem is collected and reported
 * together, by variable name only: a value may be a secret and is never echoed.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export class ConfigReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  optionalString(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return value;
  }

  url(name: string, fallback?: string, protocols: string[] = ['http:', 'https:']): string {
    const value = this.string(name, fallback);
    if (value === '') return value;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) this.problems.push(`${name} must be a URL using ${protocols.join(' or ')}`);
    } catch {
      this.problems.push(`${name} must be a URL`);
    }
    return value;
  }

  /** Records a problem found by the caller's own checks (name the variable, never its value). */
  problem(description: string): void {
    this.problems.push(description);
  }

  /** Throws a `ConfigError` naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** Ends the process with the names of what is wrong when configuration is invalid; rethrows anything else. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

/**
 * `node dist/apps/<app>/main.js --check-config`: the app reads and validates its configuration, says so and exits
 * (0, or 78 with the names of what is wrong) without connecting to anything. Deployments and the docker-compose test
 * use it to check an environment before starting.
 */
export function exitIfConfigCheck(app: string): void {
  if (!process.argv.includes('--check-config')) return;
  process.stdout.write(`${app}: configuration ok\n`);
  process.exit(0);
}
