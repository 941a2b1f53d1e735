// @ts-check
/**
 * V8 flags per app, applied by every launcher: `npm start`, the test and benchmark stack (libs/testing) and the
 * Docker image's command: one table, so the product runs the same way wherever it is started.
 *
 * crm-service turns every Dataverse page into large strings and replies and parses them into many short-lived
 * objects; with V8's default young generation (semi-spaces up to 16 MB) its peak RSS was 240–390 MB in `npm run bench`.
 * 4 MB semi-spaces kept it at 230 MB over the whole run (100,000-contact full read included), with no throughput loss
 * measurable on these noisy 2-core machines (the pages' objects die within one request either way).
 * The old generation then still grew to ~110 MB between full collections while ~30 MB of it was live (V8 lets it grow
 * up to 4x the live size when collections are cheap): `--heap-growing-percent=25` collects it at 1.25x, which took the
 * peak from 215 to 152 MB in a 10,000-contact read run, for more (short: ~30 MB live) full collections.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
const APP_NODE_FLAGS = {
  'crm-service': ['--max-semi-space-size=4', '--heap-growing-percent=25'],
};

/** @param {string} app */
function nodeFlagsOf(app) {
  return [...(APP_NODE_FLAGS[app] ?? [])];
}

module.exports = { nodeFlagsOf };
