// The hop floor's service (see apps/bench/src/scenarios/hop-floor.ts): for each NATS request it fetches the page with
// undici, decodes and parses it, and replies with the rows serialized again. No mapping, cursor, grant or metadata.
import { connect } from 'nats';
import { Pool } from 'undici';

const page = new URL(process.env.HOP_FLOOR_PAGE_URL);
const headers = JSON.parse(process.env.HOP_FLOOR_PAGE_HEADERS);
const pool = new Pool(page.origin, { connections: 64 });
const connection = await connect({ servers: process.env.NATS_URL });

async function answer(message) {
  try {
    const response = await pool.request({ method: 'GET', path: `${page.pathname}${page.search}`, headers });
    const body = JSON.parse(await response.body.text());
    if (response.statusCode !== 200) throw new Error(`The page answered ${response.statusCode}`);
    message.respond(Buffer.from(JSON.stringify({ result: body.value, next_cursor: body['@odata.nextLink'] ?? null })));
  } catch (error) {
    console.error(error);
    message.respond(new Uint8Array(0));
  }
}

const requests = connection.subscribe(process.env.HOP_FLOOR_SUBJECT);
await connection.flush();
console.log('hop floor service subscribed');
for await (const message of requests) answer(message);
