// @ts-check
/**
 * How each app's Node process starts, its V8 flags and its environment, applied by every launcher: `npm start`, the
 * test and benchmark stack (libs/testing) and the Docker image's command. One table, so the product runs the same way
 * wherever it is started.
 *
 * crm-service turns every Dataverse page into large strings and replies and parses them into many short-lived
 * objects; with V8's default young generation (semi-spaces up to 16 MB) its peak RSS was 240–390 MB in `npm run bench`.
 * 4 MB semi-spaces kept it at 230 MB over the whole run (100,000-contact full read included), with no throughput loss
 * measurable on these noisy 2-core machines (the pages' objects die within one request either way).
 * The old generation then still grew to ~110 MB between full collections while ~30 MB of it was live (V8 lets it grow
 * up to 4x the live size when collections are cheap): `--heap-growing-percent=25` collects it at 1.25x, which took the
 * peak from 215 to 152 MB in a 10,000-contact read run, for more (short: ~30 MB live) full collections.
 * Since pages of 1000 rows or more are read as they arrive (libs/dataverse-client `CollectionReader`; every page since),
 * its peak over the full read went from 223–228 to 170–171 MB (back to back); over the whole read bench it is
 * 185–202 MB, reached under the c=48 latency load (before arenas were capped, below). At 25 % its old generation's
 * headroom (4–7 MB) stays under the young generation's capacity, so V8 marks almost all the time (a mark-compact per
 * ~27 pages at c=32); 50 % halved the mark-compacts but measured no less CPU per page in a quiet A/B (two replicas:
 * 5.5 against 5.3 ms), and V8's default growth took the peak to 333 MB. Measured again on an AMD EPYC VM (whole read
 * runs, before every page was streamed): 100 % took crm-service's CPU per 100-contact page from 3.36 to 2.37 ms at
 * c=1 and from 3.06 to 2.56 ms at c=32, but its peak to 218 and 235 MB (193 MB at 25 %; 201 MB at 50 %), and moved no
 * goal of the read bench beyond the run-to-run noise; 16 MB semi-spaces: 2.54 ms at c=32, 208 MB. On an Intel Xeon
 * VM (every page streamed), eight runs each: 50 % took it from 3.26–3.61 to 2.91–3.34 ms at c=32 (`perf`: GC is 40 %
 * of its CPU, most of it the major collector), but its peak to 195–200 MB over the read bench. 25 % and 4 MB stayed.
 * Since a page's records are serialized one by one as they are mapped (crm-reader; they used to be held as objects
 * until the page was complete), little of a page outlives the young generation, so the old generation's headroom is
 * what decides how often V8 marks: at 25 % it still ran a full collection for about every 5000-row page (47 in a
 * full-read run). One read-side run each, same build, Intel Xeon VM: 25 / 50 / 100 % took crm-service's CPU per
 * 5000-row page from 157 to 125 and 104 ms and per 100-contact page at c=32 from 4.46 to 3.49 and 3.19 ms, and its peak
 * RSS from 170 to 176 and 198 MB. 50 % leaves room under the 200 MB goal (178 and 187 MB in two later runs).
 * `--single-threaded-gc` (no helper threads competing for the two cores) saved another ~15 % of CPU but took the peak to
 * 215 MB.
 *
 * Its CPU per 100-contact page at c=1 was bimodal from one run to the next: about 2.6 ms, or 3.6–4.8 ms with twice the
 * mark-compacts (80–87 against 48 in 10 s, at the same number of scavenges: the old generation grew ~3x faster). V8's
 * allocation-site pretenuring fits that: when early scavenges see a site's objects survive (pages in flight during
 * the warm-up), it allocates that site's objects in the old generation from then on, and a page's rows and records
 * live a few milliseconds. Without it (`--no-allocation-site-pretenuring`): 42–46 mark-compacts in each of three
 * runs, and 2.66–2.96 ms of CPU per page in all seven c=1 runs, against 2.54–4.78 (five of nine above 3.5) with it;
 * c=32, the full read and the peak RSS (183 against 186 MB) unchanged beyond the noise.
 *
 * The gateway keeps ~32 MB live and allocates little per request, so its young generation grew to V8's largest
 * (32 MB semi-spaces). V8 starts incremental marking as soon as the old generation's headroom is smaller than the young
 * generation's capacity, and with that young generation it always was: the gateway marked its whole heap again every
 * ~200 ms (a full collection each time, 30–60 ms of marking steps spread over the requests), more than half of its CPU
 * per request at concurrency 1. With 8 MB semi-spaces it scavenges instead and rarely marks: in a c=1 run of the
 * 100-contact page its CPU per request went from 2.7 to 0.9–1.2 ms (32 full collections to 2).
 * Over the 5000-row pages of a full read it still ran a full collection for every page or two (its old generation's limit
 * was ~1.3x the ~31 MB live): `--heap-growing-percent=100` took its CPU per such page from 71–74 to 44–50 ms in two
 * read-side runs, its peak RSS unchanged (212–220 MB either way).
 * @type {Readonly<Record<string, readonly string[]>>}
 */
const APP_NODE_FLAGS = {
  'crm-service': ['--max-semi-space-size=4', '--heap-growing-percent=50', '--no-allocation-site-pretenuring'],
  gateway: ['--max-semi-space-size=8', '--heap-growing-percent=100'],
};

/**
 * Environment every app starts with, read by glibc before Node runs. `MALLOC_ARENA_MAX=2`: glibc gives each thread that
 * allocates (V8's workers, libuv's pool) an arena of its own, up to 8 per core, and freed memory stays in the arena that
 * held it. Two arenas took the peak RSS over the read bench from 193 to 166 MB in crm-service and from 222 to 199 MB in
 * the gateway in one pair of runs (185 and 227 MB in a second run with them; runs vary by ±15 MB), with no loss
 * measurable in two back-to-back pairs at c=32 (146.1 against 144.4 and 131.5 against 128.7 req/s; crm-service 6.55
 * against 6.57 and 6.76 against 6.95 ms of CPU per page). The previous session measured 237–245 → 220–223 MB
 * (crm-service) at about 5 % less throughput.
 * @type {Readonly<Record<string, string>>}
 */
const APP_ENVIRONMENT = { MALLOC_ARENA_MAX: '2' };

/** @param {string} app */
function nodeFlagsOf(app) {
  return [...(APP_NODE_FLAGS[app] ?? [])];
}

/** The environment an app starts with, on top of its configuration (the same for every app today). */
function processEnvOf(_app) {
  return { ...APP_ENVIRONMENT };
}

module.exports = { nodeFlagsOf, processEnvOf };
