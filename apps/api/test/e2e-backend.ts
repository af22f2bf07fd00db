import { gzipSync } from 'node:zlib';
import { loadRDKit, parseStructure } from '@hitscreen/chem';
import { releaseModels } from '@hitscreen/models';
import {
  createScreeningService,
  startScreeningWorker,
  type ScreeningService,
  type ScreeningWorker,
  type ScreeningServiceConfig,
  type ScreenSummary,
} from '@hitscreen/screening';
import { testBackend } from '@hitscreen/screening/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEVELOPMENT_JWT_SECRET } from '@hitscreen/auth';
import { openAccessControl, type AccessControl } from '../src/auth/access-control';
import type { ApiConfig } from '../src/config/api-config';
import { createApp } from '../src/create-app';
import { ModelCatalog } from '../src/models/model-catalog';
import { createPeople, type Caller, type People } from './e2e-access';

/**
 * The API over the real back end: a database of its own (a PostgreSQL schema, or an SQLite file: the embedded
 * default), Redis under a queue prefix of its own, and a worker in this process (started at once, or by
 * `startWorker()` when a test must prepare a fault in the stored screen first).
 */
export interface E2eStack {
  app: NestExpressApplication;
  screening: ScreeningService;
  /** The back end's configuration (database, queue prefix), for a test that reaches into them. */
  config: ScreeningServiceConfig;
  /** Identity and the audit log of the app. */
  access: AccessControl;
  /** Signed-in callers of each role (e2e-access.ts): `people.as.chemist.get('/screens')`. */
  people: People;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(
  limits: Partial<ApiConfig['limits']>,
  screenLimits: ScreeningServiceConfig['limits'],
  dialect: 'postgres' | 'sqlite' = 'postgres',
  {
    worker: startNow = true,
    api = {},
    chunkSize = 8,
  }: { worker?: boolean; api?: Partial<ApiConfig>; chunkSize?: number } = {},
): Promise<E2eStack> {
  const backend = testBackend(dialect, chunkSize);
  const screeningConfig: ScreeningServiceConfig = { ...backend.config, limits: screenLimits };
  const config: ApiConfig = {
    port: 0,
    limits: { maxUploadBytes: 1024 * 1024, maxPageSize: 1000, ...limits },
    screening: screeningConfig,
    auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, tokenTtlSeconds: 900 },
    rateLimitPerMinute: 100_000,
    ...api,
  };
  const screening = await createScreeningService(screeningConfig);
  const access = await openAccessControl(screeningConfig, config.auth);
  let worker: ScreeningWorker | undefined;
  const startWorker = async () => {
    worker ??= await startScreeningWorker({ ...screeningConfig, threads: 0, concurrency: 1 });
  };
  if (startNow) await startWorker();
  const app = await createApp(
    { config, screening, models: ModelCatalog.fromDisk(), access },
    { logger: process.env.E2E_LOG ? undefined : false },
  );
  return {
    app,
    screening,
    config: screeningConfig,
    access,
    people: await createPeople(app.getHttpServer(), access),
    startWorker,
    async close() {
      await app.close();
      await worker?.close();
      await screening.close();
      await access.close();
      await backend.cleanup();
      await releaseModels();
    },
  };
}

/** Real drugs (a few with structural alerts) for the tests. */
export const DRUGS: [string, string][] = [
  ['aspirin', 'CC(=O)Oc1ccccc1C(=O)O'],
  ['ibuprofen', 'CC(C)Cc1ccc(cc1)C(C)C(=O)O'],
  ['caffeine', 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C'],
  ['paracetamol', 'CC(=O)Nc1ccc(O)cc1'],
  ['nicotine', 'CN1CCC[C@H]1c1cccnc1'],
  ['melatonin', 'COc1ccc2[nH]cc(CCNC(C)=O)c2c1'],
  ['procaine', 'CCN(CC)CCOC(=O)c1ccc(N)cc1'],
  ['imipramine', 'CN(C)CCCN1c2ccccc2CCc2ccccc21'],
  ['estradiol', 'CC12CCC3c4ccc(O)cc4CCC3C1CCC2O'],
  ['flavone', 'O=c1cc(-c2ccccc2)oc2ccccc12'],
  ['azo-dye', 'Oc1ccc(cc1)/N=N/c1ccccc1'],
  ['benzoquinone', 'O=C1C=CC(=O)C=C1'],
  ['propranolol', 'CC(C)NCC(O)COc1cccc2ccccc12'],
  ['diazepam', 'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21'],
  ['nitrobenzaldehyde', 'O=Cc1ccc(cc1)[N+](=O)[O-]'],
  ['aspirin-sodium', '[Na+].CC(=O)Oc1ccccc1C(=O)[O-]'],
];

/** An SDF of the drugs (2D molblocks from RDKit), gzipped, as a chemist would upload it. */
export async function drugsSdfGz(): Promise<Buffer> {
  const rdkit = await loadRDKit();
  const entries = DRUGS.map(([name, smiles]) => {
    const parsed = parseStructure(rdkit, smiles);
    if ('error' in parsed) throw new Error(parsed.error);
    try {
      parsed.mol.set_new_coords();
      const lines = parsed.mol.get_molblock().split('\n');
      lines[0] = name;
      return `${lines.join('\n').replace(/\n$/, '')}\n> <name>\n${name}\n\n$$$$\n`;
    } finally {
      parsed.mol.delete();
    }
  });
  return gzipSync(Buffer.from(entries.join(''), 'utf8'));
}

/** Polls `GET /screens/:id` as `caller` until the screen leaves queued/running; the final summary. */
export async function finalScreen(caller: Caller, id: string, timeoutMs = 45_000): Promise<ScreenSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = (await caller.get(`/screens/${id}`).expect(200)).body as ScreenSummary;
    if (!['queued', 'running'].includes(screen.status)) return screen;
    if (Date.now() > deadline) throw new Error(`screen ${id} still ${screen.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
