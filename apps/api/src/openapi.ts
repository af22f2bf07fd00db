import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('hitscreen screening API')
    .setDescription(
      'Submit compound libraries, follow their screening, page through ranked and explained results, export ' +
        'them, read the report. Limits and configuration: README, section "HTTP API". Every route except ' +
        '/health, /metrics and POST /auth/token needs `Authorization: Bearer <token>` (POST /auth/token) or ' +
        '`X-API-Key: hsk_…` (docs/SECURITY.md).',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // @ApiBody gives every content type one schema; POST /screens takes a different body per type.
  const submit = document.paths['/screens']?.post?.requestBody;
  if (submit && 'content' in submit) {
    submit.content = {
      'application/json': { schema: { $ref: '#/components/schemas/SubmitJsonDto' } },
      'multipart/form-data': { schema: { $ref: '#/components/schemas/SubmitUploadDto' } },
    };
  }
  return document;
}

/**
 * Swagger UI at /docs and the document as JSON at /docs-json. The UI's assets are served from the installed
 * swagger-ui-dist package (no CDN), so the docs work offline.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
