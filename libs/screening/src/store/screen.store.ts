import { dialectOfSource, SqlParams } from '@hitscreen/db';
import { In, type DataSource, type EntityManager, type FindOptionsWhere, type Repository } from 'typeorm';
import type { InputRecord } from '@hitscreen/chem';
import {
  CHUNK_DURATION_BUCKETS,
  SCREEN_STATUSES,
  type ScreenCounts,
  type ScreeningStats,
  type ScreenOptions,
  type ScreenProgressEvent,
  type ScreenStatus,
  type ScreenSummary,
  type ScreenViewer,
} from '../contract';
import {
  LibraryChunkEntity,
  ScreenEntity,
  type ChunkStatus,
  type LibraryChunkRecord,
  type ScreenRecord,
} from '../persistence';

/** How a chunk's last run ended. */
export interface ChunkOutcome {
  status: Exclude<ChunkStatus, 'pending'>;
  /** Why it failed (status `failed`). */
  error?: string;
  durationMs?: number;
  attempts?: number;
}

/** States a screen never leaves. */
export const FINAL_STATUSES: readonly ScreenStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
];
const LIVE_STATUSES: ScreenStatus[] = ['queued', 'running'];

export const isFinal = (status: ScreenStatus) => FINAL_STATUSES.includes(status);

/** The models a screen runs, with their versions, as stored in `screen.models`. */
export interface ScreenModel {
  name: string;
  version: string;
}

export function toSummary(s: ScreenRecord): ScreenSummary {
  const counts: ScreenCounts = { total: s.total, done: s.done, invalid: s.invalid, failed: s.failed };
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    counts,
    progress: s.total > 0 ? s.done / s.total : 0,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    models: JSON.parse(s.models) as ScreenModel[],
    options: JSON.parse(s.options) as ScreenOptions,
    error: s.error,
    owner: s.owner,
    team: s.team,
  };
}

export function progressOf(s: ScreenRecord): ScreenProgressEvent {
  const summary = toSummary(s);
  return { screenId: s.id, status: s.status, counts: summary.counts, progress: summary.progress };
}

/**
 * `where`, narrowed to the screens the viewer may see: its own, or its team's (one SQL condition,
 * `owner = ? OR team = ?`, so paging and counts are over visible screens only).
 */
function visibleTo(
  where: FindOptionsWhere<ScreenRecord>,
  viewer: ScreenViewer | undefined,
): FindOptionsWhere<ScreenRecord> | FindOptionsWhere<ScreenRecord>[] {
  if (!viewer || viewer.all) return where;
  const alternatives: FindOptionsWhere<ScreenRecord>[] = [{ ...where, owner: viewer.owner }];
  if (viewer.team !== null) alternatives.push({ ...where, team: viewer.team });
  return alternatives;
}

/** Screens and their stored library chunks. Status changes are conditional updates, so concurrent workers agree. */
export class ScreenStore {
  private readonly screens: Repository<ScreenRecord>;
  private readonly chunks: Repository<LibraryChunkRecord>;

  constructor(readonly dataSource: DataSource) {
    this.screens = dataSource.getRepository(ScreenEntity);
    this.chunks = dataSource.getRepository(LibraryChunkEntity);
  }

  async create(
    screen: Omit<ScreenRecord, 'total' | 'done' | 'invalid' | 'failed' | 'chunkCount'>,
  ): Promise<void> {
    await this.screens.insert({ ...screen, total: 0, done: 0, invalid: 0, failed: 0, chunkCount: 0 });
  }

  async addChunk(screenId: string, chunkIndex: number, records: InputRecord[]): Promise<void> {
    await this.chunks.insert({
      screenId,
      chunkIndex,
      firstRow: records[0].record,
      recordCount: records.length,
      records: JSON.stringify(records),
      status: 'pending',
      done: 0,
      invalid: 0,
      failed: 0,
      error: null,
      durationMs: null,
      attempts: null,
    });
  }

  async setSize(id: string, total: number, chunkCount: number): Promise<void> {
    await this.screens.update({ id }, { total, chunkCount });
  }

  /** Removes a screen that could not be submitted, with whatever was stored of it. */
  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const params = new SqlParams(dialectOfSource(m.connection));
      await m.query(`DELETE FROM screen_result WHERE screen_id = ${params.add(id)}`, params.values);
      await m.getRepository(LibraryChunkEntity).delete({ screenId: id });
      await m.getRepository(ScreenEntity).delete({ id });
    });
  }

  /** The screen, when it exists and the viewer may see it (no viewer: the operator's view of every screen). */
  get(id: string, viewer?: ScreenViewer): Promise<ScreenRecord | null> {
    return this.screens.findOne({ where: visibleTo({ id }, viewer) });
  }

  async list(
    page: number,
    pageSize: number,
    viewer?: ScreenViewer,
  ): Promise<{ items: ScreenRecord[]; total: number }> {
    const [items, total] = await this.screens.findAndCount({
      where: visibleTo({}, viewer),
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  async chunk(screenId: string, chunkIndex: number): Promise<LibraryChunkRecord | null> {
    return this.chunks.findOneBy({ screenId, chunkIndex });
  }

  /** queued → running, stamping startedAt; false when the screen was not queued. */
  async markRunning(id: string, now: string): Promise<boolean> {
    const r = await this.screens.update({ id, status: 'queued' }, { status: 'running', startedAt: now });
    return (r.affected ?? 0) > 0;
  }

  /** Moves a live screen to a final state; false when it was already final (first writer wins). */
  async finish(id: string, status: ScreenStatus, now: string, error: string | null = null): Promise<boolean> {
    const r = await this.screens.update(
      { id, status: In(LIVE_STATUSES) },
      { status, finishedAt: now, error },
    );
    return (r.affected ?? 0) > 0;
  }

  /**
   * Records a chunk's outcome (done, or failed for good with its rows marked failed) with its counts, and
   * recomputes the screen's counts as the sum over its chunks, inside the caller's transaction: a chunk that runs
   * twice replaces its own counts instead of adding them again.
   */
  async completeChunk(
    m: EntityManager,
    screenId: string,
    chunkIndex: number,
    counts: Omit<ScreenCounts, 'total'>,
    outcome: ChunkOutcome = { status: 'done' },
  ): Promise<void> {
    await this.lockScreen(m, screenId);
    await m.getRepository(LibraryChunkEntity).update(
      { screenId, chunkIndex },
      {
        ...counts,
        status: outcome.status,
        error: outcome.error ?? null,
        durationMs: outcome.durationMs ?? null,
        attempts: outcome.attempts ?? null,
      },
    );
    const params = new SqlParams(dialectOfSource(m.connection));
    // Placeholders are added in the order they appear in the statement (SQLite's `?` is positional).
    const sum = (column: string) =>
      `(SELECT COALESCE(SUM(${column}), 0) FROM library_chunk WHERE screen_id = ${params.add(screenId)})`;
    await m.query(
      `UPDATE screen SET done = ${sum('done')}, invalid = ${sum('invalid')}, failed = ${sum('failed')} ` +
        `WHERE id = ${params.add(screenId)}`,
      params.values,
    );
  }

  /**
   * Live screens whose library is wholly stored (`chunkCount` is set just before the flow is added): the ones
   * whose queue must exist in Redis. A screen still being stored is not among them.
   */
  async liveStored(): Promise<Pick<ScreenRecord, 'id' | 'chunkCount'>[]> {
    const live = await this.screens.find({
      where: { status: In(LIVE_STATUSES) },
      select: { id: true, chunkCount: true },
    });
    return live.filter((s) => s.chunkCount > 0);
  }

  /** The chunk numbers of a screen not stored yet, in order (the records are not read). */
  async pendingChunks(screenId: string): Promise<number[]> {
    const chunks = await this.chunks.find({
      where: { screenId, status: 'pending' },
      select: { chunkIndex: true },
      order: { chunkIndex: 'ASC' },
    });
    return chunks.map((c) => c.chunkIndex);
  }

  /** Chunks of a screen in one state, in chunk order (records not loaded unless asked for). */
  async chunksIn(screenId: string, status: ChunkStatus): Promise<LibraryChunkRecord[]> {
    return this.chunks.find({ where: { screenId, status }, order: { chunkIndex: 'ASC' } });
  }

  /**
   * Totals over every screen: screens by status and their row counts (the screen table), chunks by state with
   * their retries and durations (answered from the `library_chunk_outcome` index, never the stored records).
   */
  async stats(): Promise<ScreeningStats> {
    const num = (v: unknown) => Number(v ?? 0);
    const screens = Object.fromEntries(SCREEN_STATUSES.map((s) => [s, 0])) as Record<ScreenStatus, number>;
    const molecules = { ok: 0, invalid: 0, failed: 0 };
    const byStatus = (await this.dataSource.query(
      'SELECT status, COUNT(*) AS n, SUM(done) AS done, SUM(invalid) AS invalid, SUM(failed) AS failed ' +
        'FROM screen GROUP BY status',
    )) as { status: ScreenStatus; n: unknown; done: unknown; invalid: unknown; failed: unknown }[];
    for (const row of byStatus) {
      screens[row.status] = num(row.n);
      molecules.ok += num(row.done) - num(row.invalid) - num(row.failed);
      molecules.invalid += num(row.invalid);
      molecules.failed += num(row.failed);
    }
    const buckets = CHUNK_DURATION_BUCKETS.map(
      (le, i) => `SUM(CASE WHEN duration_ms <= ${le * 1000} THEN 1 ELSE 0 END) AS b${i}`,
    );
    const chunkRows = (await this.dataSource.query(
      `SELECT status, COUNT(*) AS n, COUNT(duration_ms) AS timed, SUM(duration_ms) AS ms, ` +
        `SUM(attempts - 1) AS retries, ${buckets.join(', ')} FROM library_chunk GROUP BY status`,
    )) as Record<string, unknown>[];
    const chunks = { pending: 0, done: 0, failed: 0 };
    let chunkRetries = 0;
    const durations = {
      buckets: CHUNK_DURATION_BUCKETS.map((le) => ({ le, count: 0 })),
      count: 0,
      sumSeconds: 0,
    };
    for (const row of chunkRows) {
      chunks[row.status as ChunkStatus] = num(row.n);
      chunkRetries += num(row.retries);
      durations.count += num(row.timed);
      durations.sumSeconds += num(row.ms) / 1000;
      durations.buckets.forEach((b, i) => (b.count += num(row[`b${i}`])));
    }
    return { screens, molecules, chunks, chunkRetries, chunkDurations: durations };
  }

  /**
   * Status read inside a transaction, holding the screen's row until it commits: a cancel that comes meanwhile
   * waits for this transaction, so no row lands after a cancel has been answered.
   */
  async statusIn(m: EntityManager, id: string): Promise<ScreenStatus | null> {
    return this.lockScreen(m, id);
  }

  /**
   * Locks the screen's row for the rest of the caller's transaction (PostgreSQL `FOR UPDATE`; SQLite serializes
   * every writer already) and answers its status. Why: the screen's counts are a sum over its chunks; under READ
   * COMMITTED, two chunks stored at the same moment each summed without the other's uncommitted chunk, and the
   * later commit left the screen a chunk short (seen in CI: two workers, a screen `completed` with 12 of 16 rows
   * counted while all 16 were stored). With the lock taken before the chunk's row is written, the second
   * transaction waits, and its sum, a later statement, sees the first one's chunk.
   */
  private async lockScreen(m: EntityManager, id: string): Promise<ScreenStatus | null> {
    const screen = await m.getRepository(ScreenEntity).findOne({
      where: { id },
      select: { id: true, status: true },
      ...(dialectOfSource(m.connection) === 'postgres'
        ? { lock: { mode: 'pessimistic_write' as const } }
        : {}),
    });
    return screen?.status ?? null;
  }
}
