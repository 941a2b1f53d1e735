// @ts-check
const { execFileSync } = require('node:child_process');
const { freePort, waitForPort } = require('./free-port');
const { generateNatsPasswords, renderNatsConf } = require('./nats-permissions');

function natsServerOnPath() {
  try {
    execFileSync('nats-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const INSTALL_HINT =
  'nats-server was not found on PATH and NATS_URL is not set. Install it (Debian/Ubuntu: `apt-get install nats-server`; ' +
  'macOS: `brew install nats-server`; or download from https://nats.io) or point NATS_URL at a running server.';

/**
 * A bulk write or a note with its attachment is one request of up to 32 MB (the gateway's `LARGE_BODY_LIMIT_BYTES`);
 * NATS allows 1 MB by default. Replies travel in 256 KB frames (service-kit's `FramedReplyNatsServer`).
 * Production NATS needs the same setting (see docker-compose.yml and the README).
 */
const MAX_PAYLOAD = '64MB';

/** @param {Record<string, string>} passwords */
function natsConfigFile(passwords) {
  const { writeFileSync, mkdtempSync } = require('node:fs');
  const { join } = require('node:path');
  const { tmpdir } = require('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'dua-nats-')), 'nats.conf');
  writeFileSync(file, renderNatsConf({ passwords, maxPayload: MAX_PAYLOAD }), { mode: 0o600 });
  return file;
}

/**
 * Starts a private nats-server on a free port (its own, so tests and demos never share subjects), with a user per
 * app and its permissions (see nats-permissions.js); `passwords` are the apps' (generated when not given).
 * @param {import('./child-processes').ChildProcesses} children
 * @param {{ port?: number, passwords?: Record<string, string> }} [options]
 */
async function startNatsServer(children, options = {}) {
  if (!natsServerOnPath()) throw new Error(INSTALL_HINT);
  const port = options.port ?? (await freePort());
  const passwords = options.passwords ?? generateNatsPasswords();
  const child = children.start('nats', 'nats-server', ['-c', natsConfigFile(passwords), '-a', '127.0.0.1', '-p', String(port)], { infrastructure: true });
  await waitForPort(port);
  return { url: `nats://127.0.0.1:${port}`, port, child, passwords };
}

module.exports = { startNatsServer, natsServerOnPath, INSTALL_HINT, MAX_PAYLOAD };
