import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ThrottlerModule } from '@nestjs/throttler';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AUTH_ENTITIES, AUTH_MIGRATIONS, IdentityService, type Principal } from '@hitscreen/auth';
import { createDataSource, runMigrations, type DataSource } from '@hitscreen/db';
import { DomainExceptionFilter } from '../common/domain-exception.filter';
import { Public, RequireAccess } from './access.decorators';
import { AuthController } from './auth.controller';
import { AuthenticationGuard, IDENTITY_SERVICE } from './authentication.guard';
import { FailedAuthLimiter, InMemoryFailedAuthLimiter } from './failed-auth-limiter';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { CurrentPrincipal } from './request-principal';

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('any')
  any(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('screens')
  @RequireAccess({ roles: ['chemist'], scope: 'screens:read' })
  screens() {
    return { ok: true };
  }

  @Get('patients')
  @RequireAccess({ roles: ['clinical'] })
  patients() {
    return { ok: true };
  }
}

// The guards on a real Nest application and a real (SQLite) identity store; the probe routes stand for the
// platform's endpoints, whose own rules are tested with them.
describe('AuthenticationGuard and PrincipalThrottlerGuard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-auth-'));
  let dataSource: DataSource;
  let app: INestApplication;
  let identity: IdentityService;
  const tokens: Record<string, string> = {};
  let readKey = '';
  let writeKey = '';

  beforeAll(async () => {
    dataSource = await createDataSource({
      url: `sqlite:${join(dir, 'auth.sqlite')}`,
      entities: AUTH_ENTITIES,
      migrations: AUTH_MIGRATIONS,
    });
    await runMigrations(dataSource);
    identity = new IdentityService(dataSource, { jwtSecret: 'k'.repeat(40), tokenTtlSeconds: 60 });
    for (const role of ['admin', 'chemist', 'coordinator', 'clinical'] as const) {
      await identity.createUser({ email: `${role}@example.org`, password: `${role} password!`, role });
      const session = await identity.signIn(`${role}@example.org`, `${role} password!`);
      tokens[role] = session?.token ?? '';
    }
    const chemist = await dataSource.query(`SELECT id FROM app_user WHERE email = 'chemist@example.org'`);
    readKey = (await identity.createApiKey(chemist[0].id, 'reader', ['screens:read'])).key;
    writeKey = (await identity.createApiKey(chemist[0].id, 'writer', ['screens:write'])).key;

    const module = await Test.createTestingModule({
      imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 30 }])],
      controllers: [ProbeController, AuthController],
      providers: [
        { provide: IDENTITY_SERVICE, useValue: identity },
        // Five failures a minute per address here; the earlier tests use four of them.
        { provide: FailedAuthLimiter, useValue: new InMemoryFailedAuthLimiter(5) },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) => {
    const call = request(app.getHttpServer()).get(path);
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    return call;
  };
  const bearer = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });

  it('lets anyone reach a public route and nobody reach the others without a credential', async () => {
    await get('/probe/open').expect(200);
    const refused = await get('/probe/any').expect(401);
    expect(refused.body).toEqual({
      statusCode: 401,
      error: 'unauthorized',
      message: 'a valid bearer token or API key is required',
    });
    await get('/probe/any', { Authorization: 'Bearer not.a.token' }).expect(401);
    await get('/probe/any', { 'X-API-Key': 'hsk_000000000000_' + 'A'.repeat(43) }).expect(401);
  });

  it('applies the role rule: the listed roles and admin pass, other roles get 403 with the reason', async () => {
    await get('/probe/screens', bearer('chemist')).expect(200);
    await get('/probe/screens', bearer('admin')).expect(200);
    const coordinator = await get('/probe/screens', bearer('coordinator')).expect(403);
    expect(coordinator.body.message).toBe('role coordinator may not do this (needs chemist or admin)');
    await get('/probe/patients', bearer('clinical')).expect(200);
    await get('/probe/patients', bearer('chemist')).expect(403);
  });

  it('applies scopes to API keys and keeps people-only routes closed to every key', async () => {
    await get('/probe/screens', { 'X-API-Key': readKey }).expect(200);
    const writer = await get('/probe/screens', { 'X-API-Key': writeKey }).expect(403);
    expect(writer.body.message).toBe('this API key is not granted the screens:read scope');
    await get('/probe/patients', { 'X-API-Key': readKey }).expect(403);
    const principal = await get('/probe/any', { 'X-API-Key': readKey }).expect(200);
    expect(principal.body).toMatchObject({ kind: 'api-key', role: 'service', scopes: ['screens:read'] });
  });

  it('signs in over HTTP with one answer for a wrong password and an unknown e-mail', async () => {
    const ok = await request(app.getHttpServer())
      .post('/auth/token')
      .send({ email: 'clinical@example.org', password: 'clinical password!' })
      .expect(200);
    expect(ok.body.expiresIn).toBe(60);
    await get('/probe/patients', { Authorization: `Bearer ${ok.body.token}` }).expect(200);
    const wrong = await request(app.getHttpServer())
      .post('/auth/token')
      .send({ email: 'clinical@example.org', password: 'nope nope nope' })
      .expect(401);
    const unknown = await request(app.getHttpServer())
      .post('/auth/token')
      .send({ email: 'ghost@example.org', password: 'nope nope nope' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    await request(app.getHttpServer()).post('/auth/token').send({ email: 1 }).expect(400);
  });

  it('limits each caller to its own budget (429 after the limit, others unaffected)', async () => {
    let status = 0;
    let calls = 0;
    while (status !== 429 && calls < 40) {
      status = (await get('/probe/any', bearer('coordinator'))).status;
      calls += 1;
    }
    expect(status).toBe(429);
    expect(calls).toBeLessThanOrEqual(31);
    const limited = await get('/probe/any', bearer('coordinator')).expect(429);
    expect(limited.body.error).toBe('too_many_requests');
    // Another principal still has its budget.
    await get('/probe/any', bearer('admin')).expect(200);
  });

  it('blocks an address after too many failed credentials, even for a right one (which is not checked)', async () => {
    await get('/probe/any', { Authorization: 'Bearer wrong' }).expect(401);
    const blocked = await get('/probe/any', { Authorization: 'Bearer wrong.again' }).expect(429);
    expect(blocked.body.message).toMatch(
      /^too many failed credentials from this address; try again in \d+ s$/,
    );
    await get('/probe/any', bearer('clinical')).expect(429);
    await request(app.getHttpServer())
      .post('/auth/token')
      .send({ email: 'clinical@example.org', password: 'clinical password!' })
      .expect(429);
    // Requests without a credential are not guesses: public routes still answer.
    await get('/probe/open').expect(200);
  });
});
