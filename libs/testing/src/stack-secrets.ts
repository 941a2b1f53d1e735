import type { Stack } from './stack';

/**
 * Every secret a stack knows of, for scans that must not find one (logs, exported spans): `extra` (the test's API key,
 * a webhook secret…), the emulator's client secrets, and the keys the apps are given. Short values are left out: they
 * would match by chance.
 */
export async function secretsOf(stack: Stack, ...extra: (string | undefined)[]): Promise<string[]> {
  const clientSecrets = stack.emulator ? (await stack.emulator.config()).app_registrations.map((app) => app.client_secret) : [];
  return [
    ...extra,
    ...clientSecrets,
    stack.env['METRICS_TOKEN'],
    stack.env['CURSOR_SIGNING_KEY'],
    ...(stack.env['ENCRYPTION_KEYS'] ?? '').split(',').map((entry) => entry.split(':')[1]),
  ].filter((secret): secret is string => typeof secret === 'string' && secret.length >= 16);
}
