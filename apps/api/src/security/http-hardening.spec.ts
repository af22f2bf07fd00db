import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { applyHttpHardening, type HttpHardeningOptions } from './http-hardening';

@Module({})
class EmptyModule {}

/** The headers of a page answered by an application hardened with `options`. */
async function headersWith(options: HttpHardeningOptions): Promise<Record<string, string>> {
  const app = await NestFactory.create<NestExpressApplication>(EmptyModule, new ExpressAdapter(), {
    logger: false,
  });
  applyHttpHardening(app, options);
  app.use('/page', (_req: unknown, res: { send(body: string): void }) => res.send('<!doctype html>'));
  await app.init();
  try {
    return (await request(app.getHttpServer()).get('/page').expect(200)).headers as Record<string, string>;
  } finally {
    await app.close();
  }
}

const directives = (csp: string) => csp.split(';').map((d) => d.trim());

describe('applyHttpHardening', () => {
  it('over HTTPS (the default): HSTS, and the CSP upgrades insecure requests', async () => {
    const headers = await headersWith({ corsOrigins: [], publicHttps: true });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(directives(headers['content-security-policy'])).toEqual(
      expect.arrayContaining(["script-src 'self'", "frame-ancestors 'none'", 'upgrade-insecure-requests']),
    );
  });

  it('over plain HTTP: no HSTS, no upgrade of insecure requests, no COOP; the rest of the policy unchanged', async () => {
    const secure = await headersWith({ corsOrigins: [], publicHttps: true });
    const plain = await headersWith({ corsOrigins: [], publicHttps: false });
    expect(plain['strict-transport-security']).toBeUndefined();
    // Ignored by browsers on an origin that is not HTTPS or localhost, with a console error on every page.
    expect(plain['cross-origin-opener-policy']).toBeUndefined();
    expect(directives(plain['content-security-policy'])).toEqual(
      directives(secure['content-security-policy']).filter((d) => d !== 'upgrade-insecure-requests'),
    );
    expect(plain['x-content-type-options']).toBe('nosniff');
  });
});
