import { applyDecorators, Header, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

/**
 * Routes whose body is a service's JSON result, forwarded as bytes: the gateway neither parses nor re-serializes
 * what crm-service or directory-service produced (most of its work on large pages).
 */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export const JsonBody = (): MethodDecorator => applyDecorators(Header('content-type', JSON_CONTENT_TYPE));

/**
 * A service's JSON result as a route's return value: bytes as they are, or a stream of them (a long page, see
 * `ServiceClient.sendJsonStreamed`) piped into the response as it arrives. The status (200) and headers go with the
 * first chunk; should the stream then fail, Fastify destroys the connection (its stream handling, once headers were
 * sent), so the client sees a broken response, never a short body that looks complete.
 */
export function jsonResponse(json: Buffer | Readable): Buffer | StreamableFile {
  return json instanceof Readable ? new StreamableFile(json, { type: JSON_CONTENT_TYPE }) : json;
}

const RESULT_PREFIX = Buffer.from('{"result":');
const RESULT_SUFFIX = Buffer.from('}');

/** `{"result": <json>}` around a service's JSON bytes, without parsing them. */
export function singleEnvelope(json: Buffer): Buffer {
  return Buffer.concat([RESULT_PREFIX, json, RESULT_SUFFIX]);
}
