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

/**
 * How many messages a service may send on one request's reply subject, and for how long after receiving it: a reply
 * is frames (libs/service-kit/src/rpc/rpc-framing.ts), keepalives every 500 ms while the replica works, then the
 * final frame, possibly after data chunks. 1000 covers two minutes of keepalives (the default expiry, well past any
 * RPC timeout) plus chunks. Beyond either bound the server drops the message (a permission violation).
 * https://docs.nats.io/running-a-nats-service/configuration/securing_nats/authorization#allow-responses-map
 */
const RESPONSE_PERMISSION = { max: 1000, expires: '2m' };

/** The reply subjects of a user: nobody else may subscribe to them (they carry tokens). Keep in step with `inboxPrefixOf`. */
const inboxOf = (/** @type {string} */ user) => `_INBOX_${user}.>`;

/**
 * The permissions of one app, in nats-server's terms.
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
    publish: { allow: [...(app.requests ?? []), ...(app.broadcasts ?? [])] },
    subscribe: { allow: [...(app.serves ?? []), ...(app.hears ?? []), inboxOf(app.user)] },
    // Answers go to the asker's reply subject, whatever it is: allowed only in reply to a request received.
    allow_responses: RESPONSE_PERMISSION,
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
      ...(permissions.allow_responses
        ? [`    allow_responses: { max: ${permissions.allow_responses.max}, expires: ${JSON.stringify(permissions.allow_responses.expires)} }`]
        : []),
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
    '# A unified page of 5000 records crosses NATS as one reply of several megabytes.',
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
