// The hop floor's gateway (see apps/bench/src/scenarios/hop-floor.ts): a bare node:http server that sends each request
// on as one NATS request and writes the reply's bytes back. No routing, authentication, validation, logging or metrics.
import { createServer } from 'node:http';
import { connect } from 'nats';

const REPLY_TIMEOUT_MS = 60_000;
const connection = await connect({ servers: process.env.NATS_URL });

const server = createServer((_request, response) => {
  connection.request(process.env.HOP_FLOOR_SUBJECT, undefined, { timeout: REPLY_TIMEOUT_MS }).then(
    (reply) => {
      // The service answers nothing when its page failed: a failure the load generator must see.
      if (reply.data.byteLength === 0) return answerBadGateway(response);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.data.byteLength });
      response.end(reply.data);
    },
    () => answerBadGateway(response),
  );
});

function answerBadGateway(response) {
  response.writeHead(502);
  response.end();
}
server.keepAliveTimeout = REPLY_TIMEOUT_MS;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('hop floor gateway listening'));
