export const ENTRA_CONFIG = Symbol('ENTRA_CONFIG');
