// Emulator benchmark. Run after `npx nx build dataverse-emulator`:
//   node apps/dataverse-emulator/bench/emulator.bench.mjs [--contacts 100000] [--duration 10]
// Scenarios:
//   1. a 100-row page of contacts with annotations: requests/s of the emulator pinned to one core, as a ratio to a
//      plain node:http server (same core) that returns the same bytes;
//   2. seeding 100,000 contacts: time to the "ready" line and resident memory;
//   3. a full paged read of those contacts at 5,000 per page (following @odata.nextLink).
// Writes apps/dataverse-emulator/bench/results/latest.json and prints a table.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const mainJs = join(root, 'dist/apps/dataverse-emulator/main.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONTACTS = arg('contacts', 100_000);
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 10);
const ADMIN = 'bench-admin-token';
const SERVER_CORE = cpus().length > 1 ? '1' : '0';
const canPin = existsSync('/usr/bin/taskset');

if (!existsSync(mainJs)) {
  console.error(`Build first: npx nx build dataverse-emulator (missing ${mainJs})`);
  process.exit(1);
}

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
function pinned(args, env) {
  const [cmd, cmdArgs] = canPin ? ['taskset', ['-c', SERVER_CORE, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, cmdArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function readyLine(child) {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function startEmulator(contacts, port) {
  const started = process.hrtime.bigint();
  const child = pinned([mainJs], {
    EMULATOR_PORT: String(port),
    EMULATOR_ADMIN_TOKEN: ADMIN,
    EMULATOR_ORGS: 'contoso',
    EMULATOR_SEED_CONTACTS: String(contacts),
    EMULATOR_SEED_ACCOUNTS: String(Math.max(200, Math.round(contacts / 20))),
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = await readyLine(child);
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const seededMs = Number(/in (\d+) ms/.exec(stderr)?.[1] ?? NaN);
  return { child, ready, readyMs, seededMs };
}

async function tokenFor(baseUrl) {
  const res = await fetch(`${baseUrl}/_emulator/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ org: 'contoso' }),
  });
  return (await res.json()).access_token;
}

async function load(url, headers) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

const SELECT =
  'fullname,firstname,lastname,emailaddress1,telephone1,jobtitle,_parentcustomerid_value,_ownerid_value,statecode,createdon,modifiedon,new_preferredchannel';
const scenarios = [];

// 2. Seeding (and the server for 1 and 3).
// Port 0: any free port (the ready line carries the base URL).
const emu = await startEmulator(CONTACTS, 0).catch((e) => {
  console.error(`The emulator did not start: ${e.message}`);
  process.exit(1);
});
await new Promise((r) => setTimeout(r, 1000));
const rss = rssMb(emu.child.pid);
scenarios.push({ name: `seed ${CONTACTS} contacts (process start to ready)`, unit: 'ms', ours: Math.round(emu.readyMs), baseline: null, baseline_name: null, ratio: null });
scenarios.push({ name: `seed ${CONTACTS} contacts (seeding only)`, unit: 'ms', ours: emu.seededMs, baseline: null, baseline_name: null, ratio: null });
scenarios.push({ name: `resident memory after seeding ${CONTACTS} contacts`, unit: 'MB', ours: Math.round(rss), baseline: null, baseline_name: null, ratio: null });

const baseUrl = emu.ready.base_url;
const api = emu.ready.orgs[0].web_api_url;
const token = await tokenFor(baseUrl);
// Lift the service protection limits so the load test measures the server, not the throttle.
await fetch(`${baseUrl}/_emulator/limits`, {
  method: 'PUT',
  headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ requests_per_window: 1e9, execution_ms_per_window: 1e12, concurrent_requests: 10000 }),
});

// 3. Full paged read.
{
  const headers = { Authorization: `Bearer ${token}`, Prefer: 'odata.maxpagesize=5000,odata.include-annotations="*"', Accept: 'application/json' };
  let link = `${api}contacts?$select=${SELECT}`;
  let rows = 0;
  let pages = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  while (link) {
    const res = await fetch(link, { headers });
    const text = await res.text();
    bytes += text.length;
    const body = JSON.parse(text);
    rows += body.value.length;
    pages++;
    link = body['@odata.nextLink'];
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (rows !== CONTACTS) throw new Error(`paged read returned ${rows} rows, expected ${CONTACTS}`);
  scenarios.push({ name: `full paged read of ${CONTACTS} contacts at 5000/page with annotations (${pages} pages, ${(bytes / 1e6).toFixed(0)} MB)`, unit: 'ms', ours: Math.round(ms), baseline: null, baseline_name: null, ratio: null });
  scenarios.push({ name: 'full paged read throughput', unit: 'rows/s', ours: Math.round((rows / ms) * 1000), baseline: null, baseline_name: null, ratio: null });
}

// 1. A page of contacts with annotations, emulator vs a plain node:http server returning the same bytes. A 100-row
//    page is answered from the emulator's row cache after the first request; a 1,000-row page is above the cache's
//    page limit and is serialized on every request.
async function compare(pageSize) {
  const pageUrl = `${api}contacts?$select=${SELECT}`;
  const pageHeaders = { Authorization: `Bearer ${token}`, Prefer: `odata.maxpagesize=${pageSize},odata.include-annotations="*"` };
  const sample = await fetch(pageUrl, { headers: pageHeaders });
  const sampleBody = Buffer.from(await sample.arrayBuffer());
  if (JSON.parse(sampleBody.toString()).value.length !== pageSize) throw new Error(`expected a ${pageSize}-row page`);
  await load(pageUrl, pageHeaders); // warm-up
  const ours = await load(pageUrl, pageHeaders);
  const plainSource = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.env.BODY_FILE);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0', 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ event: 'ready', port: server.address().port }) + '\\n'));`;
  const bodyFile = join(tmpdir(), `emulator-bench-${process.pid}-${pageSize}.json`);
  writeFileSync(bodyFile, sampleBody);
  const plain = pinned(['-e', plainSource], { BODY_FILE: bodyFile });
  const { port } = await readyLine(plain);
  await load(`http://127.0.0.1:${port}/`, {});
  const baseline = await load(`http://127.0.0.1:${port}/`, {});
  plain.kill('SIGTERM');
  return [
    {
      name: `${pageSize}-row contacts page with annotations (${(sampleBody.length / 1024).toFixed(0)} KB${pageSize <= 500 ? ', rows cached' : ', serialized per request'}), one core, ${CONNECTIONS} connections`,
      unit: 'req/s',
      ours: Math.round(ours.requests.average),
      baseline: Math.round(baseline.requests.average),
      baseline_name: 'plain node:http server returning the same bytes',
      ratio: Number((ours.requests.average / baseline.requests.average).toFixed(3)),
    },
    {
      name: `${pageSize}-row page latency p99`,
      unit: 'ms',
      ours: ours.latency.p99,
      baseline: baseline.latency.p99,
      baseline_name: 'plain node:http server',
      ratio: Number((baseline.latency.p99 / Math.max(ours.latency.p99, 0.001)).toFixed(3)),
    },
  ];
}
scenarios.unshift(...(await compare(100)), ...(await compare(1000)));
emu.child.kill('SIGTERM');

const result = {
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, memory: totalmem(), node: process.version, pinned_core: canPin ? SERVER_CORE : null },
  scenarios,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.table(scenarios.map((s) => ({ scenario: s.name, unit: s.unit, ours: s.ours, baseline: s.baseline ?? '', ratio: s.ratio ?? '' })));
process.exit(0);
