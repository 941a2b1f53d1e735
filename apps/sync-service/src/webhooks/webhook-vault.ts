/** The vault (AES-256-GCM, `ENCRYPTION_KEYS`, as auth-service's credentials) that seals webhook secrets at rest. */
export const WEBHOOK_VAULT = Symbol('WEBHOOK_VAULT');

/** Binds a sealed secret to its subscription: copied onto another row, it does not decrypt. */
export function webhookSecretBinding(subscriptionId: string): string {
  return `webhook:${subscriptionId}`;
}
