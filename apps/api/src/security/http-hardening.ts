import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

export interface HttpHardeningOptions {
  /** CORS_ORIGINS: origins allowed to call the API from a browser; none (closed) by default. */
  corsOrigins: readonly string[];
  /**
   * API_PUBLIC_HTTPS: browsers reach the API over HTTPS. False for plain HTTP on a LAN: no HSTS and no
   * `upgrade-insecure-requests`, which would make the browser fetch the page's own script over https (and fail),
   * and no Cross-Origin-Opener-Policy, which browsers ignore over plain HTTP.
   */
  publicHttps: boolean;
}

/**
 * Browser-facing defences for every answer:
 * - helmet's headers (nosniff, frame-ancestors none, no referrer leak, and over HTTPS, HSTS). The content security
 *   policy allows no script from anywhere but this origin: the HTML reports have none (their charts are
 *   server-side SVG), and the OpenAPI page at /docs and the web interface load their scripts from here.
 * - CORS closed unless origins are listed (CORS_ORIGINS): a page on another site cannot read a chemist's results
 *   with the chemist's browser credentials.
 */
export function applyHttpHardening(app: NestExpressApplication, options: HttpHardeningOptions): void {
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
          // helmet's default adds it; over plain HTTP it would send every script and style request to https.
          ...(options.publicHttps ? {} : { upgradeInsecureRequests: null }),
        },
      },
      // Over plain HTTP the header would be ignored anyway; sent once over a TLS port of the same host, it would
      // lock browsers out of the HTTP one for a year.
      strictTransportSecurity: options.publicHttps,
      // Browsers ignore it on an origin that is neither HTTPS nor localhost, and say so as a console error.
      crossOriginOpenerPolicy: options.publicHttps,
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (options.corsOrigins.length > 0) app.enableCors({ origin: [...options.corsOrigins], maxAge: 600 });
}
