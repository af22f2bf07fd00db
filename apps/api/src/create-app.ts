import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type ApiDependencies } from './app.module';
import { ApiMetrics } from './metrics/api-metrics';
import { setupOpenApi } from './openapi';
import { applyHttpHardening } from './security/http-hardening';
import { findWebDir, serveWebUi } from './web/web-ui';

/**
 * The API application, ready to `listen` (or to hand to supertest): JSON bodies up to MAX_UPLOAD_BYTES (multipart
 * bodies are streamed by the upload reader instead), request metrics, security headers and closed CORS (security/http-hardening.ts), the OpenAPI document,
 * and the web interface at `/` (web/web-ui.ts; `webDir`: its build, default `findWebDir()`, false: none).
 */
export async function createApp(
  deps: ApiDependencies,
  options: { logger?: LoggerService | false; webDir?: string | false } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(deps),
    new ExpressAdapter(),
    {
      bodyParser: false,
      logger: options.logger ?? new Logger('api'),
    },
  );
  app.useBodyParser('json', { limit: deps.config.limits.maxUploadBytes });
  app.use(app.get(ApiMetrics).middleware());
  app.disable('x-powered-by');
  // The client's address (audit rows, per-address limits) from X-Forwarded-For only behind that many proxies.
  if (deps.config.trustProxyHops) app.set('trust proxy', deps.config.trustProxyHops);
  applyHttpHardening(app, {
    corsOrigins: deps.config.corsOrigins ?? [],
    publicHttps: deps.config.publicHttps ?? true,
  });
  setupOpenApi(app);
  serveWebUi(app, options.webDir === false ? null : (options.webDir ?? findWebDir()));
  await app.init();
  return app;
}
