#!/usr/bin/env node
// Regenerates the committed contract: openapi.json (from the gateway's controllers and libs/unified-models DTOs),
// then the TypeScript SDK in libs/sdk from it. CI fails when either differs from what is committed.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

run('npx', ['nx', 'build', 'gateway', '--skip-nx-cache']);
run(process.execPath, ['dist/apps/gateway/openapi.js', 'openapi.json']);
run(process.execPath, ['scripts/sdk.mjs']);
