import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openMigratedDataSource, pingDatabase, type DataSource } from '@hitscreen/db';
import type { InputRecord } from '@hitscreen/chem';
import { productionModels } from '@hitscreen/model-registry';
import {
  SubmissionError,
  type LibrarySubmission,
  type Page,
  type QueueStats,
  type ResultRow,
  type ResultsQuery,
  type ScreeningService,
  type ScreeningStats,
  type ScreeningServiceConfig,
  type ScreenProgressEvent,
  type ScreenSummary,
  type ScreenViewer,
  type ServiceHealth,
  type TimeBudgetTotals,
} from '../contract';
import { resolveServiceConfig, type ResolvedServiceConfig } from '../config';
import { followProgress, progressStream, publishProgress } from '../events';
import { screeningEntities, screeningMigrations, type ScreenRecord } from '../persistence';
import {
  addScreenFlow,
  EVENTS_MAX_LEN,
  removeScreenJobs,
  SCREEN_QUEUES,
  screenJobId,
  webhookJobOptions,
  type ScreenJobPayloads,
} from '../queue';
import { pingRedis, redisConnection } from '../runtime/redis';
import { readTimeBudgetTotals } from '../runtime/time-budget-counters';
import { progressOf, ResultStore, ScreenStore, toSummary } from '../store';
import { planScreen } from './screen-plan';

/** Opens the database named by the URL and brings its schema up to date (SQLite: creates the file's folder). */
export function openScreeningDatabase(url: string, schema?: string): Promise<DataSource> {
  return openMigratedDataSource({
    url,
    schema,
    entities: screeningEntities,
    migrations: screeningMigrations,
  });
}

/** The screening back end behind the API: the database for state and results, BullMQ for the work. */
class DefaultScreeningService implements ScreeningService {
  private readonly screens: ScreenStore;
  private readonly resultStore: ResultStore;
  private readonly chunkQueue: Queue;
  private readonly finalizeQueue: Queue;
  private readonly webhookQueue: Queue;
  private readonly flows: FlowProducer;
  /** The requeue sweep in flight, if any (one at a time; close() waits for it). */
  private requeueing?: Promise<unknown>;

  constructor(
    private readonly config: ResolvedServiceConfig,
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
  ) {
    this.screens = new ScreenStore(dataSource);
    this.resultStore = new ResultStore(dataSource);
    const queueOptions = {
      connection: redis,
      prefix: config.queuePrefix,
      streams: { events: { maxLen: EVENTS_MAX_LEN } },
    };
    this.chunkQueue = new Queue(SCREEN_QUEUES.chunks, queueOptions);
    this.finalizeQueue = new Queue(SCREEN_QUEUES.finalize, queueOptions);
    this.webhookQueue = new Queue(SCREEN_QUEUES.webhooks, queueOptions);
    this.flows = new FlowProducer({ connection: redis, prefix: config.queuePrefix });
    // At start and after every reconnection: a Redis that came back without its data has lost the queues of the
    // screens in flight, while the database still holds their chunks, so they are queued again.
    redis.on('ready', () => {
      // A failed sweep changes nothing stored; the next reconnection (or an explicit call) sweeps again.
      this.requeueing ??= this.requeueLostScreens()
        .catch(() => undefined)
        .finally(() => (this.requeueing = undefined));
    });
  }

  async requeueLostScreens(): Promise<string[]> {
    const requeued: string[] = [];
    for (const screen of await this.screens.liveStored()) {
      if (await this.finalizeQueue.getJob(screenJobId(screen.id))) continue;
      await addScreenFlow(this.flows, screen.id, await this.screens.pendingChunks(screen.id));
      requeued.push(screen.id);
    }
    return requeued;
  }

  async submit(submission: LibrarySubmission): Promise<ScreenSummary> {
    const plan = planScreen(submission.options, await productionModels(this.dataSource));
    const id = randomUUID();
    const options = { ...submission.options, models: plan.models.map((m) => m.name), weights: plan.weights };
    await this.screens.create({
      id,
      name: submission.options.name ?? null,
      owner: submission.owner ?? null,
      team: submission.team ?? null,
      status: 'queued',
      options: JSON.stringify(options),
      models: JSON.stringify(plan.models),
      scoreKeys: JSON.stringify(plan.scoreKeys),
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    });
    try {
      const { total, chunks } = await this.storeChunks(id, submission.records);
      await this.screens.setSize(id, total, chunks);
      await addScreenFlow(
        this.flows,
        id,
        Array.from({ length: chunks }, (_, chunk) => chunk),
      );
    } catch (error) {
      // Nothing half-created: a refused or broken submission leaves no screen behind.
      await this.screens.remove(id);
      throw error;
    }
    const screen = (await this.screens.get(id))!;
    await publishProgress(this.redis, this.config.queuePrefix, progressOf(screen));
    return toSummary(screen);
  }

  /** Reads the library once, storing it chunk by chunk; rows are numbered 1..N in submission order. */
  private async storeChunks(id: string, records: AsyncIterable<InputRecord>) {
    const { chunkSize, limits } = this.config;
    let total = 0;
    let chunks = 0;
    let buffer: InputRecord[] = [];
    const flush = async () => {
      if (buffer.length === 0) return;
      await this.screens.addChunk(id, chunks++, buffer);
      buffer = [];
    };
    for await (const record of records) {
      if (++total > limits.maxMolecules)
        throw new SubmissionError(
          `the library holds more than ${limits.maxMolecules} molecules`,
          'too_large',
        );
      buffer.push({ ...record, record: total });
      if (buffer.length >= chunkSize) await flush();
    }
    await flush();
    if (total === 0) throw new SubmissionError('the library holds no molecules', 'invalid');
    return { total, chunks };
  }

  async get(id: string, viewer: ScreenViewer): Promise<ScreenSummary | null> {
    const screen = await this.screens.get(id, viewer);
    return screen ? toSummary(screen) : null;
  }

  async list(page: number, pageSize: number, viewer: ScreenViewer): Promise<Page<ScreenSummary>> {
    const { items, total } = await this.screens.list(page, pageSize, viewer);
    return { items: items.map(toSummary), total, page, pageSize };
  }

  async results(id: string, query: ResultsQuery, viewer: ScreenViewer): Promise<Page<ResultRow> | null> {
    const screen = await this.screens.get(id, viewer);
    if (!screen) return null;
    // Final and ranked: every record has its row and rank (finalize ranks before it closes the screen).
    const ranked =
      screen.status === 'completed' || screen.status === 'completed_with_errors'
        ? { rows: screen.total }
        : undefined;
    return this.resultStore.page(id, query, new Set(JSON.parse(screen.scoreKeys) as string[]), ranked);
  }

  async result(id: string, row: number, viewer: ScreenViewer): Promise<ResultRow | null> {
    if (!(await this.screens.get(id, viewer))) return null;
    return this.resultStore.one(id, row);
  }

  async *exportRows(id: string, viewer: ScreenViewer): AsyncGenerator<ResultRow> {
    if (!(await this.screens.get(id, viewer))) return;
    yield* this.resultStore.export(id);
  }

  async cancel(id: string, viewer: ScreenViewer): Promise<ScreenSummary | null> {
    const screen = await this.screens.get(id, viewer);
    if (!screen) return null;
    if (await this.screens.finish(id, 'cancelled', new Date().toISOString())) {
      // Pending chunks and the flow's parent go; a running chunk stops within about a batch's time and stores
      // nothing (its processor polls the status, and checks it again inside the storing transaction).
      await removeScreenJobs(
        { chunks: this.chunkQueue, finalize: this.finalizeQueue },
        id,
        screen.chunkCount,
      );
      const cancelled = (await this.screens.get(id))!;
      await publishProgress(this.redis, this.config.queuePrefix, progressOf(cancelled));
      await this.notify(cancelled);
    }
    return toSummary((await this.screens.get(id))!);
  }

  private async notify(screen: ScreenRecord): Promise<void> {
    const url = toSummary(screen).options.webhookUrl;
    if (!url) return;
    await this.webhookQueue.add(
      'screen-webhook',
      { screenId: screen.id, url } satisfies ScreenJobPayloads['screen-webhook'],
      webhookJobOptions(screen.id),
    );
  }

  events(id: string, viewer: ScreenViewer): AsyncIterable<ScreenProgressEvent> {
    return progressStream((signal) => this.follow(id, signal, viewer));
  }

  private async *follow(
    id: string,
    signal: AbortSignal,
    viewer: ScreenViewer,
  ): AsyncGenerator<ScreenProgressEvent> {
    if (!(await this.screens.get(id, viewer))) return;
    const subscriber = this.redis.duplicate();
    try {
      yield* followProgress(
        subscriber,
        this.config.queuePrefix,
        id,
        async () => {
          const screen = await this.screens.get(id);
          return screen ? progressOf(screen) : null;
        },
        signal,
      );
    } finally {
      subscriber.disconnect();
    }
  }

  async health(): Promise<ServiceHealth> {
    const [database, redis] = await Promise.all([pingDatabase(this.dataSource), pingRedis(this.redis)]);
    const errors: Record<string, string> = {};
    if (database) errors.database = database;
    if (redis) errors.redis = redis;
    return { database: !database, redis: !redis, errors };
  }

  async queueStats(): Promise<QueueStats> {
    const counts = await this.chunkQueue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    };
  }

  stats(): Promise<ScreeningStats> {
    return this.screens.stats();
  }

  timeBudgetStats(): Promise<TimeBudgetTotals> {
    return readTimeBudgetTotals(this.redis, this.config.queuePrefix);
  }

  async close(): Promise<void> {
    await this.requeueing;
    await Promise.all([
      this.chunkQueue.close(),
      this.finalizeQueue.close(),
      this.webhookQueue.close(),
      this.flows.close(),
    ]);
    this.redis.disconnect();
    await this.dataSource.destroy();
  }
}

/**
 * The screening service for the API: opens (and migrates) the database, connects to Redis. `close()` releases
 * both. A screen submitted here is processed by any worker (`startScreeningWorker`) on the same database, Redis
 * and queue prefix.
 */
export async function createScreeningService(config: ScreeningServiceConfig): Promise<ScreeningService> {
  const resolved = resolveServiceConfig(config);
  const dataSource = await openScreeningDatabase(resolved.databaseUrl, resolved.databaseSchema);
  const redis = redisConnection(resolved.redisUrl, 'producer', resolved.queuePrefix);
  return new DefaultScreeningService(resolved, dataSource, redis);
}
