export interface IdentityOptions {
  /** Access token lifetime (default 3599 s, as `expires_in` on real responses). Env `EMULATOR_ACCESS_TOKEN_LIFETIME_SECONDS`. */
  accessTokenLifetimeSeconds?: number;
  /** Refresh token lifetime (default 90 days). Env `EMULATOR_REFRESH_TOKEN_LIFETIME_SECONDS`. */
  refreshTokenLifetimeSeconds?: number;
  /** Authorization code lifetime (default 600 s). */
  authorizationCodeLifetimeSeconds?: number;
  /** Clock in epoch milliseconds; tests move it to reach expiries. */
  now?: () => number;
}

export interface ResolvedIdentityOptions {
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  authorizationCodeLifetimeSeconds: number;
  now: () => number;
}

function positiveSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Explicit options win over environment variables, which win over the defaults. */
export function resolveIdentityOptions(
  options: IdentityOptions = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedIdentityOptions {
  return {
    accessTokenLifetimeSeconds:
      options.accessTokenLifetimeSeconds ?? positiveSeconds(env.EMULATOR_ACCESS_TOKEN_LIFETIME_SECONDS) ?? 3599,
    refreshTokenLifetimeSeconds:
      options.refreshTokenLifetimeSeconds ??
      positiveSeconds(env.EMULATOR_REFRESH_TOKEN_LIFETIME_SECONDS) ??
      90 * 24 * 3600,
    authorizationCodeLifetimeSeconds: options.authorizationCodeLifetimeSeconds ?? 600,
    now: options.now ?? Date.now,
  };
}
