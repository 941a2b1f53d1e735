export { createIdentityProvider } from './create-identity-provider';
export type { IdentityOptions } from './identity-options';
export type { BearerCheck, IdentityProvider } from './identity-provider';
