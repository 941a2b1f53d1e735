// @ts-check
// Who may say what on the bus: one entry per app. `nats.conf` (docker-compose), the NATS that `npm start` runs and
// the tests' private NATS servers are all rendered from this table, so adding a service is adding an entry.
const { randomBytes } = require('node:crypto');

/**
 * @typedef {object} NatsApp
 * @property {string} user the app's NATS user (its name)
 * @property {string[]} [serves] subjects it answers (its Nest message patterns); the gateway may request them unless `internal`
 * @property {string[]} [internal] of those, the ones only other services may request (never the gateway, never the public)
 * @property {string[]} [requests] other services' internal subjects it may request
 * @property {string[]} [broadcasts] subjects it publishes to every listener (and collects their answers)
 * @property {string[]} [hears] broadcasts it listens to (and answers)
 * @property {boolean} [gateway] the only app whose requests carry the caller's environment (it signs the call context)
 * @property {boolean} [verifiesCallContext] checks the gateway's signature on the call context (needs the key)
 * @property {boolean} [signsCallContext] acts for environments on its own (background work), so signs contexts like the gateway
 */

/** @type {NatsApp[]} */
const NATS_APPS = [
  { user: 'gateway', gateway: true },
  {
    user: 'auth-service',
    serves: ['auth.>'],
    internal: ['auth.credentials.>', 'auth.idempotency.>', 'auth.events.>'],
    broadcasts: ['auth.events.>'],
    verifiesCallContext: true,
  },
  {
    user: 'crm-service',
    serves: ['crm.>'],
    // The change feed's page reader: for sync-service, never the public.
    internal: ['crm.changes.>'],
    requests: ['auth.credentials.get', 'auth.credentials.refresh', 'auth.idempotency.>'],
    hears: ['auth.events.account-status-changed', 'auth.events.roll-call'],
  },
  { user: 'directory-service', serves: ['directory.>'], requests: ['auth.credentials.get', 'auth.credentials.refresh'], hears: ['auth.events.account-status-changed', 'auth.events.roll-call'] },
  {
    user: 'sync-service',
    serves: ['sync.>'],
    requests: ['crm.changes.read', 'auth.integrated-accounts.get', 'auth.integrated-accounts.list'],
    hears: ['auth.events.account-status-changed', 'auth.events.roll-call'],
    signsCallContext: true,
  },
];

/** The reply subjects of a user: nobody else may subscribe to them (they carry tokens). Keep in step with `inboxPrefixOf`. */
const inboxOf = (/** @type {string} */ user) => `_INBOX_${user}.>`;

/** Whether `subject` (or every subject of the pattern `subject`) is matched by `pattern` (`auth.>`, or a literal). */
function covers(/** @type {string} */ pattern, /** @type {string} */ subject) {
  return pattern.endsWith('.>') ? subject.startsWith(pattern.slice(0, -1)) : pattern === subject;
}

/**
 * The apps whose requests (or broadcasts) `app` answers: the gateway for anything it serves publicly, the apps that
 * request its internal subjects, the apps whose broadcasts it hears.
 * @param {NatsApp} app
 */
function askersOf(app) {
  const serves = app.serves ?? [];
  return NATS_APPS.filter(
    (other) =>
      other !== app &&
      ((other.gateway && serves.length > 0) ||
        (other.requests ?? []).some((subject) => serves.some((pattern) => covers(pattern, subject))) ||
        (other.broadcasts ?? []).some((pattern) => (app.hears ?? []).some((subject) => covers(pattern, subject)))),
  );
}

/**
 * The permissions of one app, in nats-server's terms.
 *
 * Answers go to the asker's own inbox (`_INBOX_<asker>.…`), which only the asker may subscribe to. A reply may be
 * several messages (keepalives while the replica works, data chunks, the final frame: libs/service-kit/src/rpc/
 * rpc-framing.ts), so an app may publish to the inboxes of the apps that ask it, rather than being allowed one
 * response per request (`allow_responses`): with more than one response allowed, nats-server keeps every reply
 * subject in a map until it expires and scans that map on every message once it holds 4096 entries (measured here on
 * a NATS request loop at c=32: 8-11x nats-server CPU per request, throughput -40 to -60 %). A requester's reply
 * subjects end in a random 128-bit token (RpcReplyRouter, RpcClient.broadcast), so an app can answer only requests it
 * received: it cannot guess the reply subject of another app's pending request.
 * https://docs.nats.io/running-a-nats-service/configuration/securing_nats/authorization
 * @param {NatsApp} app
 */
function permissionsOf(app) {
  if (app.gateway) {
    return {
      publish: { allow: NATS_APPS.flatMap((other) => other.serves ?? []), deny: NATS_APPS.flatMap((other) => other.internal ?? []) },
      subscribe: { allow: [inboxOf(app.user)] },
    };
  }
  return {
    publish: { allow: [...(app.requests ?? []), ...(app.broadcasts ?? []), ...askersOf(app).map((asker) => inboxOf(asker.user))] },
    subscribe: { allow: [...(app.serves ?? []), ...(app.hears ?? []), inboxOf(app.user)] },
  };
}

/** `NATS_PASSWORD_AUTH_SERVICE` for `auth-service`: where docker-compose takes each app's password from. */
function passwordVariableOf(/** @type {string} */ user) {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;
}

/** A random password per app. */
function generateNatsPasswords() {
  return Object.fromEntries(NATS_APPS.map((app) => [app.user, randomBytes(24).toString('base64url')]));
}

/** @param {string[]} subjects */
const list = (subjects) => `[${subjects.map((subject) => JSON.stringify(subject)).join(', ')}]`;

/**
 * The `authorization` block of nats.conf. With `passwords`, the passwords themselves (a private server's file);
 * without, references to each app's environment variable (the committed nats.conf).
 * @param {Record<string, string>} [passwords]
 */
function renderNatsAuthorization(passwords) {
  const users = NATS_APPS.map((app) => {
    const permissions = permissionsOf(app);
    const password = passwords ? JSON.stringify(passwords[app.user]) : `$${passwordVariableOf(app.user)}`;
    const lines = [
      `    publish: { allow: ${list(permissions.publish.allow)}${permissions.publish.deny?.length ? `, deny: ${list(permissions.publish.deny)}` : ''} }`,
      `    subscribe: { allow: ${list(permissions.subscribe.allow)} }`,
    ];
    return `  { user: ${JSON.stringify(app.user)}, password: ${password}, permissions: {\n${lines.join('\n')}\n  } }`;
  });
  return `authorization {\n  users: [\n${users.join('\n')}\n  ]\n}\n`;
}

/**
 * The whole nats.conf: the payload limit, JetStream, the users and, when given, TLS.
 * @param {{ passwords?: Record<string, string>, maxPayload: string, tls?: { certFile: string, keyFile: string, caFile?: string } }} options
 */
function renderNatsConf({ passwords, maxPayload, tls }) {
  const tlsBlock = tls
    ? `tls {\n  cert_file: ${JSON.stringify(tls.certFile)}\n  key_file: ${JSON.stringify(tls.keyFile)}\n${tls.caFile ? `  ca_file: ${JSON.stringify(tls.caFile)}\n  verify: true\n` : ''}}\n`
    : '';
  return [
    '# Rendered from tools/stack/nats-permissions.js (one entry per app): edit the table, not this file.',
    '# A bulk write or a note with its attachment crosses NATS as one request of up to 32 MB (replies travel in 256 KB frames).',
    `max_payload: ${maxPayload}`,
    'jetstream: enabled',
    '# Each app has its own user and may only publish and subscribe to what it needs; passwords come from the environment.',
    renderNatsAuthorization(passwords) + tlsBlock,
  ].join('\n');
}

/**
 * The environment an app needs to reach the bus as itself (and, for the gateway and auth-service, the key of the
 * call context).
 * @param {string} app
 * @param {{ passwords?: Record<string, string>, callContextKey?: string }} secrets
 */
function busEnvOf(app, { passwords, callContextKey }) {
  const entry = NATS_APPS.find((candidate) => candidate.user === app);
  if (!entry) return {};
  return {
    ...(passwords ? { NATS_USER: entry.user, NATS_PASSWORD: passwords[entry.user] } : {}),
    ...(callContextKey && (entry.gateway || entry.verifiesCallContext || entry.signsCallContext) ? { CALL_CONTEXT_SIGNING_KEY: callContextKey } : {}),
  };
}

module.exports = { NATS_APPS, permissionsOf, renderNatsConf, renderNatsAuthorization, generateNatsPasswords, passwordVariableOf, busEnvOf };
