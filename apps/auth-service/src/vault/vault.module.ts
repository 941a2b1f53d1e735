export const VAULT = Symbol('VAULT');
