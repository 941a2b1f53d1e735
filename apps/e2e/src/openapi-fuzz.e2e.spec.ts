import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ERROR_CODE_TABLE, ErrorCode } from '@dua/unified-models';
import { connectAppOnly, Stack, startStack } from '@dua/testing';

/**
 * Every operation of the committed openapi.json, driven with generated bad input: hostile path ids and proxy paths,
 * wrong-typed, out-of-range, unknown, repeated and malformed query parameters, bodies of every JSON shape (the
 * documented one with wrong values, deep nesting, `__proto__` keys, broken JSON), missing and wrong API keys.
 * Operations added to the contract later are covered without touching this file. The answer must never be a 5xx,
 * and every error must be a documented problem: a status the operation declares, problem+json, a code of our table
 * whose status it is.
 */
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  maximum?: number;
  minimum?: number;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}

const DOCUMENT = JSON.parse(readFileSync(join(__dirname, '../../../openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const OPERATIONS = Object.entries(DOCUMENT.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);

/** Strings that have broken parsers, queries and URL builders before. */
const NASTY = fc.constantFrom(
  '',
  '..',
  '../../orgs/other',
  '%',
  '%zz',
  '%E0%A4%A',
  '\u0000',
  '%00',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  'true',
  'null',
  '[]',
  '{}',
  "' or 1 eq 1 or '",
  "')/../x",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '00000000-0000-0000-0000-000000000000',
  '2024-02-30T25:61:00Z',
  'x'.repeat(5000),
  '\ud800',
  '😀'.repeat(50),
);
const anyText = fc.oneof(
  NASTY,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uuid().map(String),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

function resolve(schema: Schema | undefined): Schema {
  if (schema?.$ref) return DOCUMENT.components.schemas[schema.$ref.split('/').pop() as string] ?? {};
  return schema ?? {};
}

/** A value for a schema that is mostly wrong: the wrong type, out of range, or a nasty string; sometimes right. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema);
  const wrong = fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyText);
  if (depth > 3) return wrong;
  if (resolved.enum) return fc.oneof(fc.constantFrom(...resolved.enum), wrong);
  if (resolved.properties) {
    const shaped = fc.record(Object.fromEntries(Object.entries(resolved.properties).map(([name, property]) => [name, valueFor(property, depth + 1)])), {
      requiredKeys: [],
    });
    return fc.oneof(shaped, wrong);
  }
  if (resolved.type === 'array') return fc.oneof(fc.array(valueFor(resolved.items, depth + 1), { maxLength: 3 }), wrong);
  if (resolved.type === 'integer' || resolved.type === 'number') return fc.oneof(fc.integer(), fc.double(), wrong);
  if (resolved.type === 'boolean') return fc.oneof(fc.boolean(), wrong);
  return fc.oneof(anyText, wrong);
}

/** Query values travel as text: mostly URL-encoded, sometimes raw (malformed escapes included). */
const queryText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
const encodeQuery = (value: string, raw: boolean) => (raw ? value.replace(/[#&\s]/g, encodeURIComponent) : encodeText(value));

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 a server would see (`%ED%A0%80`). */
function encodeText(value: string): string {
  return value
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

function bodyFor(operation: Operation): fc.Arbitrary<string | undefined> {
  const json = operation.requestBody?.content['application/json'];
  if (!json) return fc.constant(undefined);
  const deep = fc.integer({ min: 50, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
  const poisoned = fc.constantFrom(
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"a":1',
    '{"a":"\\ud800"}',
    'nul',
    '"text"',
    '',
  );
  return fc.oneof(
    { weight: 4, arbitrary: valueFor(json.schema).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: poisoned },
  );
}

describe('fuzzing every operation of openapi.json with bad input', () => {
  let stack: Stack;
  let apiKey: string;
  let accountId: string;
  const statuses = new Map<number, number>();
  let requests = 0;

  beforeAll(async () => {
    stack = await startStack({ emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '20' } });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Fuzz tests'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  });

  afterAll(async () => {
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
    process.stdout.write(`openapi fuzz: ${requests} requests over ${OPERATIONS.length} operations; statuses ${byStatus.join(', ')}\n`);
    await stack?.stop();
  });

  it.each(OPERATIONS.map(({ path, method, operation }) => [`${method} ${path}`, path, method, operation] as const))(
    '%s answers bad input with a documented 4xx problem, never a 5xx',
    async (_name, template, method, operation) => {
      const parameters = operation.parameters ?? [];
      const input = fc.record({
        path: fc.tuple(...(template.match(/\{[^}]+\}/g) ?? []).map(() => fc.oneof(anyText, fc.uuid().map(String)))),
        query: fc.array(
          fc.oneof(
            ...parameters
              .filter((parameter) => parameter.in === 'query')
              .map((parameter) =>
                parameter.name === 'integrated_account_id'
                  ? fc.constantFrom<[string, unknown]>([parameter.name, accountId], [parameter.name, accountId], [parameter.name, 'not-a-uuid'])
                  : valueFor(parameter.schema).map((value): [string, unknown] => [parameter.name, value]),
              ),
            fc.tuple(anyText, anyText),
          ),
          { maxLength: 6 },
        ),
        withAccount: fc.boolean(),
        raw: fc.boolean(),
        body: bodyFor(operation),
        auth: fc.constantFrom('key', 'key', 'key', 'key', 'none', 'wrong'),
      });

      await fc.assert(
        fc.asyncProperty(input, async ({ path, query, withAccount, raw, body, auth }) => {
          let index = 0;
          const url = template.replace(/\{[^}]+\}/g, (placeholder) => {
            const value = path[index++] as string;
            // The proxy's {path} is a Dataverse path: slashes and all.
            return placeholder === '{path}' ? encodeText(value).replace(/%2F/gi, '/') || 'x' : encodeText(value) || 'x';
          });
          const pairs = [...(withAccount ? [['integrated_account_id', accountId] as [string, unknown]] : []), ...query];
          const search = pairs.map(([name, value]) => `${encodeText(name)}=${encodeQuery(queryText(value), raw)}`).join('&');
          const headers: Record<string, string> = {};
          if (auth === 'key') headers['authorization'] = operation.operationId === 'getMetrics' ? `Bearer ${stack.env['METRICS_TOKEN']}` : `Bearer ${apiKey}`;
          if (auth === 'wrong') headers['authorization'] = 'Bearer dua_wrong';
          if (body !== undefined) headers['content-type'] = 'application/json';

          let response: Response;
          try {
            response = await fetch(`${stack.gatewayUrl}${url}${search ? `?${search}` : ''}`, {
              method,
              headers,
              body: method === 'GET' ? undefined : body,
              redirect: 'manual',
            });
          } catch (error) {
            // fetch refuses some URLs itself (they never reach the gateway): nothing to judge.
            if (error instanceof TypeError && !(error as { cause?: unknown }).cause) return;
            throw error;
          }
          requests++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const text = await response.text();
          const where = `${method} ${url}?${search.slice(0, 300)} body=${(body ?? '').slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
          expect(response.status < 500 ? 'no 5xx' : where).toBe('no 5xx');
          if (response.status < 400) return;
          expect(operation.responses[String(response.status)] ? 'documented status' : where).toBe('documented status');
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          const problem = JSON.parse(text) as { code: ErrorCode; status: number; type: string; title: string; detail: string; request_id: string };
          expect(ERROR_CODE_TABLE[problem.code]?.status === response.status ? 'a code of that status' : where).toBe('a code of that status');
          expect(problem).toMatchObject({
            status: response.status,
            type: expect.any(String),
            title: expect.any(String),
            detail: expect.any(String),
            request_id: expect.any(String),
          });
        }),
        { numRuns: RUNS },
      );
    },
    180_000,
  );
});
