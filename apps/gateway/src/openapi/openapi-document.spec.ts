import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PREVIEW_ENV, readGatewayConfig } from '../config/gateway.config';
import { createGateway } from '../create-gateway';
import { createOpenApiDocument, serializeOpenApiDocument, sortKeys } from './openapi-document';

const WORKSPACE = join(__dirname, '../../../..');
const COMMITTED = join(WORKSPACE, 'openapi.json');

describe('the OpenAPI document', () => {
  let generated: string;

  beforeAll(async () => {
    const app = await createGateway(readGatewayConfig(PREVIEW_ENV), { preview: true });
    generated = serializeOpenApiDocument(createOpenApiDocument(app));
    await app.close();
  });

  it('is what is committed in openapi.json (run `npm run openapi` after changing the contract)', () => {
    expect(generated).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('passes the official OpenAPI schema validator', () => {
    const output = execFileSync(process.execPath, [join(WORKSPACE, 'tools/contract/validate-openapi.mjs'), COMMITTED], { encoding: 'utf8' });
    expect(JSON.parse(output)).toMatchObject({ valid: true, errors: [] });
  });

  it('passes an independent linter with its recommended rules (Spectral `spectral:oas`, see .spectral.yaml)', () => {
    const spectral = join(WORKSPACE, 'node_modules/@stoplight/spectral-cli/dist/index.js');
    const output = execFileSync(process.execPath, [spectral, 'lint', COMMITTED, '--ruleset', join(WORKSPACE, '.spectral.yaml'), '--format', 'json', '--fail-severity', 'hint', '--quiet'], {
      encoding: 'utf8',
    }).trim();
    expect(output === '' ? [] : JSON.parse(output)).toEqual([]);
  }, 60_000);

  it('infers DTO schemas from their types (the swagger CLI plugin ran)', () => {
    const schemas = JSON.parse(generated).components.schemas;
    expect(Object.keys(schemas.IntegratedAccountDto.properties)).toEqual(
      expect.arrayContaining(['id', 'customer_ref', 'environment_url', 'auth_type', 'status', 'user', 'last_refreshed_at']),
    );
    expect(schemas.ProblemDto.properties.code.enum).toContain('INVALID_CURSOR');
  });

  it('documents problem responses as application/problem+json', () => {
    const list = JSON.parse(generated).paths['/integrated-accounts'].get;
    expect(list.responses['401'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/ProblemDto');
    expect(list.operationId).toBe('listIntegratedAccounts');
  });
});

describe('sortKeys', () => {
  it('orders object keys recursively and keeps array order', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 2 } }))).toBe('{"a":{"c":2,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
