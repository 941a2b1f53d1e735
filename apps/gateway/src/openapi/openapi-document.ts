import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_CODE_TABLE, ProblemDto } from '@dua/unified-models';

const DESCRIPTION = `One clean REST API over your customers' Microsoft Dynamics 365 Sales organizations (Dataverse).

Authenticate with \`Authorization: Bearer <api_key>\`. Errors are RFC 9457 \`application/problem+json\` bodies whose
\`code\` is one of:

${Object.entries(ERROR_CODE_TABLE)
  .map(([code, { status, title }]) => `- \`${code}\` (${status}): ${title}`)
  .join('\n')}

Every response carries \`x-request-id\` (yours is echoed when you send one).`;

/** The OpenAPI document, generated from the controllers and the DTOs of libs/unified-models, keys sorted. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Dynamics 365 Unified API')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Your API key' })
    // A relative server: the document is served by the deployment it describes (`GET /openapi.json`).
    .addServer('/', 'The deployment serving this document')
    .addTag('Changes', 'Every change of an integrated account, deletes included, oldest first (from Dataverse change tracking)')
    .addTag('CRM', 'The Unified CRM API: accounts, contacts, leads, opportunities, engagements, notes, users and fields')
    .addTag('Integrated accounts', "Your customers' connected Dynamics 365 organizations and how they connect")
    .addTag('Metrics', 'Prometheus metrics of the gateway')
    .addTag('Proxy', 'The Dataverse Web API of an integrated account, one to one')
    .addTag('User directory', 'The Unified User Directory API: organizations and users')
    .addTag('Webhooks', 'Subscriptions to changes, delivered signed per the Standard Webhooks specification')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return sortKeys(document) as OpenAPIObject;
}

/** Object keys in code-point order, recursively, so the committed document diffs cleanly. Arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
