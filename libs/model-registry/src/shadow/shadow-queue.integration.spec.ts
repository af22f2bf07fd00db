import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createDataSource, dropSchema, type DataSource } from '@hitscreen/db';
import { modelsDir, releaseModels } from '@hitscreen/models';
import { ModelRegistry } from '../model-registry.service';
import { tempModels, type TempModels } from '../testing/model-dirs';
import { queueShadowRun, SHADOW_QUEUE } from './shadow-queue';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

afterAll(() => releaseModels());

// The hook the screening worker calls when a screen finishes, on both databases and real Redis.
describe.each(['postgres', 'sqlite'] as const)('queueShadowRun on %s', (dialect) => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `test-shadow-${tag}`;
  const schema = `shadowq_${tag}`;
  const dir = mkdtempSync(join(tmpdir(), 'shadow-queue-'));
  const database =
    dialect === 'postgres'
      ? { databaseUrl: POSTGRES_URL, databaseSchema: schema }
      : { databaseUrl: `sqlite:${join(dir, 'db.sqlite')}` };
  let redis: Redis;
  let queue: Queue;
  let models: TempModels;
  const logged: string[] = [];
  const hook = (dataSource: DataSource) => ({
    dataSource,
    redis,
    prefix,
    log: (m: string) => logged.push(m),
  });

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(SHADOW_QUEUE, { connection: redis, prefix });
    models = tempModels();
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    if (dialect === 'postgres') await dropSchema(POSTGRES_URL, schema);
    rmSync(dir, { recursive: true, force: true });
    models.cleanup();
  });

  it('queues nothing on a database without the registry, one job per screen with a candidate in shadow', async () => {
    // A database the registry never touched: no table, no job, nothing logged.
    const bare = await createDataSource({
      url: database.databaseUrl,
      schema: database.databaseSchema,
      entities: [],
      migrations: [],
    });
    await queueShadowRun(hook(bare), 'screen-0');
    await bare.destroy();
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0 });
    expect(logged).toEqual([]);

    const registry = await ModelRegistry.open(database);
    try {
      await registry.register(join(modelsDir(), 'esol'), 'cli');
      await queueShadowRun(hook(registry.dataSource), 'screen-1');
      expect(await queue.getJobCounts()).toMatchObject({ waiting: 0 }); // no candidate in shadow

      await registry.register(models.copy('esol', '1.0.1'), 'cli');
      await registry.setShadow('esol', '1.0.1', true, 'cli');
      await queueShadowRun(hook(registry.dataSource), 'screen-2');
      await queueShadowRun(hook(registry.dataSource), 'screen-2'); // a re-run finalize adds nothing
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((j) => [j.id, j.name, j.data])).toEqual([
        ['shadow-screen-2', 'shadow-screen', { screenId: 'screen-2' }],
      ]);
      expect(jobs[0].opts).toMatchObject({
        attempts: 2,
        removeOnComplete: { count: 1000, age: 3600 },
        removeOnFail: { count: 1000, age: 604800 },
      });
      expect(logged).toEqual([]);
    } finally {
      await registry.close();
    }
  });
});
