import { applyDecorators, Header } from '@nestjs/common';

/**
 * Routes whose body is a service's JSON result, forwarded as bytes: the gateway neither parses nor re-serializes
 * what crm-service or directory-service produced (most of its work on large pages).
 */
export const JsonBody = (): MethodDecorator => applyDecorators(Header('content-type', 'application/json; charset=utf-8'));

const RESULT_PREFIX = Buffer.from('{"result":');
const RESULT_SUFFIX = Buffer.from('}');

/** `{"result": <json>}` around a service's JSON bytes, without parsing them. */
export function singleEnvelope(json: Buffer): Buffer {
  return Buffer.concat([RESULT_PREFIX, json, RESULT_SUFFIX]);
}
