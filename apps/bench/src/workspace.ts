import { join } from 'node:path';

/** The repository's root, from the bundle in dist/apps/bench. */
export const WORKSPACE = join(__dirname, '../../..');
