import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** The web interface's client-side routes live under this prefix, which no API route uses. */
export const WEB_ROUTE_PREFIX = '/app';

/**
 * Where the built web interface (`npm run build` → dist/web) is: `WEB_DIR`, else beside the API bundle
 * (dist/api/../web), else dist/web under the working directory (tests run from the repository root). Null when
 * it has not been built: the API then serves no UI and says so at `/`.
 */
export function findWebDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.WEB_DIR
    ? [env.WEB_DIR]
    : [join(__dirname, '../web'), join(process.cwd(), 'dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the web interface from the API's own origin: its files (`/assets/…`, hashed names, cached for a year) and
 * its page at `/` and at every path under `/app/` (client-side routes), so a reload or a shared link opens the
 * same view. Nothing else falls back to the page: every API path keeps its own answer, a 404 included. The page
 * holds no data (everything comes from the API with the user's token), so it needs no credential.
 */
export function serveWebUi(app: NestExpressApplication, dir: string | null): void {
  if (!dir) {
    app.use('/', (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || (req.path !== '/' && !isWebRoute(req.path))) return next();
      res
        .status(404)
        .type('text/plain')
        .send(
          'The web interface is not built: run `npm run build` (it writes dist/web), then restart the API.\n',
        );
    });
    return;
  }
  const page = readFileSync(join(dir, 'index.html'));
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/' && !isWebRoute(req.path)))
      return next();
    res.status(200).type('html').setHeader('Cache-Control', 'no-cache').send(page);
  });
}

function isWebRoute(path: string): boolean {
  return path === WEB_ROUTE_PREFIX || path.startsWith(`${WEB_ROUTE_PREFIX}/`);
}
