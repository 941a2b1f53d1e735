#!/usr/bin/env node
// Generates the TypeScript SDK (libs/sdk/src/generated) from the committed openapi.json.
import { createClient } from '@hey-api/openapi-ts';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await createClient({
  input: join(root, 'openapi.json'),
  output: { path: join(root, 'libs/sdk/src/generated'), postProcess: [] },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  logs: { level: 'warn' },
});
