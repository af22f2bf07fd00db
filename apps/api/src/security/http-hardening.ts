import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * Browser-facing defences for every answer:
 * - helmet's headers (nosniff, frame-ancestors none, no referrer leak, HSTS). The content security policy allows
 *   no script from anywhere but this origin: the HTML reports have none (their charts are server-side SVG), and
 *   the OpenAPI page at /docs loads its scripts from here.
 * - CORS closed unless origins are listed (CORS_ORIGINS): a page on another site cannot read a chemist's results
 *   with the chemist's browser credentials.
 */
export function applyHttpHardening(app: NestExpressApplication, corsOrigins: readonly string[]): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Inline styles: the reports and Swagger UI style elements inline; styles cannot run code.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (corsOrigins.length > 0) app.enableCors({ origin: [...corsOrigins], maxAge: 600 });
}
