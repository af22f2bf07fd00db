import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { findWebDir, serveWebUi } from './web-ui';

@Controller('screens')
class ScreensStub {
  @Get(':id')
  one() {
    return { api: true };
  }
}

@Module({ controllers: [ScreensStub] })
class StubModule {}

async function appWith(dir: string | null): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(StubModule, new ExpressAdapter(), {
    logger: false,
  });
  serveWebUi(app, dir);
  await app.init();
  return app;
}

describe('serving the web interface', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-ui-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers / and /app/* with the page, assets with a year of cache, and leaves API paths alone', async () => {
    const app = await appWith(dir);
    const server = app.getHttpServer();
    for (const path of ['/', '/app', '/app/screens/x/rows/3?view=charts']) {
      const page = await request(server).get(path).expect(200);
      expect(page.text).toContain('<div id="app">');
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    const asset = await request(server).get('/assets/index-abc.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(server).get('/screens/abc').expect(200)).body).toEqual({ api: true });
    await request(server).get('/application').expect(404);
    await request(server).get('/assets/missing.js').expect(404);
    await request(server).post('/app/screens').expect(404);
    await app.close();
  });

  it('says how to build it when there is no build', async () => {
    const app = await appWith(null);
    const answer = await request(app.getHttpServer()).get('/app/trials').expect(404);
    expect(answer.text).toMatch(/npm run build/);
    await request(app.getHttpServer()).get('/screens/abc').expect(200);
    await app.close();
  });

  it('finds the build from WEB_DIR, and nothing where there is none', () => {
    expect(findWebDir({ WEB_DIR: dir })).toBe(dir);
    expect(findWebDir({ WEB_DIR: join(dir, 'assets') })).toBeNull();
  });
});
