// The vault lives in service-kit: auth-service seals credentials with it, sync-service webhook secrets.
export { parseEncryptionKeys, Vault } from '@dua/service-kit';
export type { EncryptionKey } from '@dua/service-kit';
