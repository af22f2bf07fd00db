import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DriftReport } from '@hitscreen/drift';
import { SCREEN_STATUSES, type ScreeningService, type ScreeningStats } from '@hitscreen/screening';
import { DrawingPool } from '../drawing/drawing-pool';
import { DriftService } from '../drift/drift.service';
import { SCREENING_SERVICE } from '../tokens';
import { StatsMetric } from './stats-metric';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
const ROW_STATUSES = ['ok', 'invalid', 'failed'] as const;
const CHUNK_STATES = ['pending', 'done', 'failed'] as const;
/** One scrape reads the database once: every metric of the scrape shares the stats read within this window. */
const STATS_TTL_MS = 1000;

/**
 * The API's Prometheus metrics, in a registry of its own (not prom-client's global one, so two apps in one
 * process, as in tests, do not collide). Request metrics are counted by `middleware()`; the queue depth and the
 * deployment's totals (screens by status, molecules processed, chunk durations, failures and retries) are read
 * from the screening service when Prometheus scrapes, so they are never stale and count every worker's work.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly requestFailures: Counter<'method' | 'route' | 'status'>;
  private readonly submitted: Counter<'source'>;
  private readonly moleculesSubmitted: Counter;
  private statsRead?: { at: number; stats: Promise<ScreeningStats> };
  private driftRead?: { at: number; reports: Promise<DriftReport[]> };

  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    private readonly drift: DriftService,
    private readonly drawing: DrawingPool,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hitscreen_api_' });
    this.requestDuration = new Histogram({
      name: 'hitscreen_http_request_duration_seconds',
      help: 'HTTP request durations by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.requestFailures = new Counter({
      name: 'hitscreen_http_request_failures_total',
      help: 'HTTP answers with a 5xx status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.submitted = new Counter({
      name: 'hitscreen_screens_submitted_total',
      help: 'Screens accepted by this API process, by body kind',
      labelNames: ['source'],
      registers: [this.registry],
    });
    this.moleculesSubmitted = new Counter({
      name: 'hitscreen_molecules_submitted_total',
      help: 'Molecules in the screens accepted by this API process',
      registers: [this.registry],
    });
    new Gauge({
      name: 'hitscreen_queue_jobs',
      help: 'Chunk jobs in the screening queue by state (queue depth: waiting + delayed)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const stats = await screening.queueStats();
        for (const state of QUEUE_STATES) this.set({ state }, stats[state]);
      },
    });
    this.registerStatsMetrics();
    this.registerDriftMetrics();
    this.registerTimeBudgetMetrics();
    this.registerDrawingMetrics();
  }

  /**
   * The screening workers' time budgets (all workers, counted in Redis as they happen): batches and molecules
   * stopped, pipeline threads terminated, and how long after its deadline each thread was (the wait for the ONNX
   * run in progress to end).
   */
  private registerTimeBudgetMetrics(): void {
    const totals = () => this.screening.timeBudgetStats();
    const latency = 'hitscreen_time_budget_stop_latency_seconds';
    const metrics = [
      new StatsMetric(
        'hitscreen_time_budget_batches_over_budget_total',
        'Batches stopped at the batch time budget and re-run molecule by molecule (all workers)',
        'counter',
        async () => [{ value: (await totals()).batchesOverBudget }],
      ),
      new StatsMetric(
        'hitscreen_time_budget_molecules_over_budget_total',
        'Molecules stopped at the per-molecule time budget, each a failed row (all workers)',
        'counter',
        async () => [{ value: (await totals()).moleculesOverBudget }],
      ),
      new StatsMetric(
        'hitscreen_time_budget_thread_terminations_total',
        'Pipeline threads terminated at a time budget (each reloads RDKit and the models; all workers)',
        'counter',
        async () => [{ value: (await totals()).threadsStopped }],
      ),
      new StatsMetric(
        latency,
        'How long after its deadline a pipeline thread over its time budget was terminated (all workers)',
        'histogram',
        async () => {
          const { stopLatency: h } = await totals();
          return [
            ...h.buckets.map((b) => ({
              metricName: `${latency}_bucket`,
              labels: { le: b.le },
              value: b.count,
            })),
            { metricName: `${latency}_bucket`, labels: { le: '+Inf' }, value: h.count },
            { metricName: `${latency}_sum`, value: h.sumSeconds },
            { metricName: `${latency}_count`, value: h.count },
          ];
        },
      ),
    ];
    for (const metric of metrics) this.registry.registerMetric(metric.asMetric());
  }

  /** This API process's drawing pool: drawings and explanations over the drawing time budget, threads terminated. */
  private registerDrawingMetrics(): void {
    const drawing = this.drawing;
    const metrics = [
      new StatsMetric(
        'hitscreen_drawings_over_budget_total',
        'Drawings, featurizations and explanations not computed within the drawing time budget (this API process)',
        'counter',
        async () => [{ value: drawing.overBudget }],
      ),
      new StatsMetric(
        'hitscreen_drawing_thread_terminations_total',
        'Drawing-pool threads terminated at the drawing time budget (this API process)',
        'counter',
        async () => [{ value: drawing.threadsTerminated }],
      ),
    ];
    for (const metric of metrics) this.registry.registerMetric(metric.asMetric());
  }

  private registerStatsMetrics(): void {
    const metrics = [
      new StatsMetric('hitscreen_screens', 'Screens by status (all processes)', 'gauge', async () => {
        const { screens } = await this.stats();
        return SCREEN_STATUSES.map((status) => ({ labels: { status }, value: screens[status] }));
      }),
      new StatsMetric(
        'hitscreen_molecules_processed_total',
        'Result rows stored by row status (all workers); rate() of the sum is molecules/s',
        'counter',
        async () => {
          const { molecules } = await this.stats();
          return ROW_STATUSES.map((status) => ({ labels: { status }, value: molecules[status] }));
        },
      ),
      new StatsMetric(
        'hitscreen_chunks',
        'Stored library chunks by state; failed = failed after all attempts, its rows marked failed',
        'gauge',
        async () => {
          const { chunks } = await this.stats();
          return CHUNK_STATES.map((status) => ({ labels: { status }, value: chunks[status] }));
        },
      ),
      new StatsMetric(
        'hitscreen_chunk_retries_total',
        'Chunk attempts beyond the first, over finished chunks (transient failures that were retried)',
        'counter',
        async () => [{ value: (await this.stats()).chunkRetries }],
      ),
      new StatsMetric(
        'hitscreen_chunk_duration_seconds',
        'Duration of finished chunk jobs (last attempt: load, pipeline, store), all workers',
        'histogram',
        async () => {
          const { chunkDurations: d } = await this.stats();
          const name = 'hitscreen_chunk_duration_seconds';
          return [
            ...d.buckets.map((b) => ({ metricName: `${name}_bucket`, labels: { le: b.le }, value: b.count })),
            { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: d.count },
            { metricName: `${name}_sum`, value: d.sumSeconds },
            { metricName: `${name}_count`, value: d.count },
          ];
        },
      ),
    ];
    for (const metric of metrics) this.registry.registerMetric(metric.asMetric());
  }

  /**
   * Drift of the last 24 hours per model (libs/drift; the screens finished in that window, counts added): PSI per
   * property, out-of-domain rate, the drift flag and the molecules counted. A model without screens in the window
   * has no series.
   */
  private registerDriftMetrics(): void {
    const metrics = [
      new StatsMetric(
        'hitscreen_drift_psi',
        'Population stability index of a property against the model training set, screens of the last 24 h',
        'gauge',
        async () =>
          (await this.driftReports()).flatMap((r) =>
            r.properties.map((p) => ({ labels: { model: r.model, property: p.name }, value: p.psi })),
          ),
      ),
      new StatsMetric(
        'hitscreen_drift_prediction_psi',
        'PSI of the model predictions against their distribution on held-out molecules (informational, not drift)',
        'gauge',
        async () =>
          (await this.driftReports()).flatMap((r) =>
            r.predictions.map((p) => ({ labels: { model: r.model, prediction: p.name }, value: p.psi })),
          ),
      ),
      new StatsMetric(
        'hitscreen_drift_out_of_domain_rate',
        'Fraction of molecules outside the model applicability domain, screens of the last 24 h',
        'gauge',
        async () =>
          (await this.driftReports()).map((r) => ({ labels: { model: r.model }, value: r.outOfDomainRate })),
      ),
      new StatsMetric(
        'hitscreen_drift',
        '1 when the last 24 h of screens drifted from the model training data (docs: README, Drift monitoring)',
        'gauge',
        async () =>
          (await this.driftReports()).map((r) => ({ labels: { model: r.model }, value: r.drift ? 1 : 0 })),
      ),
      new StatsMetric(
        'hitscreen_drift_molecules',
        'Molecules counted for drift per model, screens of the last 24 h',
        'gauge',
        async () =>
          (await this.driftReports()).map((r) => ({ labels: { model: r.model }, value: r.molecules })),
      ),
    ];
    for (const metric of metrics) this.registry.registerMetric(metric.asMetric());
  }

  private driftReports(): Promise<DriftReport[]> {
    const now = Date.now();
    if (!this.driftRead || now - this.driftRead.at > STATS_TTL_MS)
      this.driftRead = { at: now, reports: this.drift.current() };
    return this.driftRead.reports;
  }

  /** The service's stats, read at most once per STATS_TTL_MS (one scrape collects several metrics from them). */
  private stats(): Promise<ScreeningStats> {
    const now = Date.now();
    if (!this.statsRead || now - this.statsRead.at > STATS_TTL_MS)
      this.statsRead = { at: now, stats: this.screening.stats() };
    return this.statsRead.stats;
  }

  screenSubmitted(source: 'json' | 'upload', molecules: number): void {
    this.submitted.inc({ source });
    this.moleculesSubmitted.inc(molecules);
  }

  /** Times every request; the label is the route template (`/screens/:id/results`), never the raw path. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.requestDuration.startTimer();
      res.on('finish', () => {
        const route = (req.route as { path?: string } | undefined)?.path;
        const labels = {
          method: req.method,
          route: route ? `${req.baseUrl}${route}` : 'unmatched',
          status: String(res.statusCode),
        };
        end(labels);
        if (res.statusCode >= 500) this.requestFailures.inc(labels);
      });
      next();
    };
  }
}
