export const SYNC_CONFIG = Symbol('SYNC_CONFIG');
