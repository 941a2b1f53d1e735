import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { PREVIEW_ENV, readGatewayConfig } from '../config/gateway.config';
import { createGateway } from '../create-gateway';
import { createOpenApiDocument, serializeOpenApiDocument } from './openapi-document';

/** `node dist/apps/gateway/openapi.js <file>`: writes the OpenAPI document without connecting to anything. */
async function main(outputPath: string): Promise<void> {
  const app = await createGateway(readGatewayConfig(PREVIEW_ENV), { preview: true });
  writeFileSync(outputPath, serializeOpenApiDocument(createOpenApiDocument(app)));
  await app.close();
}

main(process.argv[2] ?? 'openapi.json').catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
