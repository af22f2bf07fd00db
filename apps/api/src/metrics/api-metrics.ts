import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ScreeningService } from '@hitscreen/screening';
import { SCREENING_SERVICE } from '../tokens';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * The API's Prometheus metrics, in a registry of its own (not prom-client's global one, so two apps in one
 * process, as in tests, do not collide). Request metrics are counted by `middleware()`; the queue depth is read
 * from the screening service when Prometheus scrapes, so it is never stale.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly requestFailures: Counter<'method' | 'route' | 'status'>;
  private readonly submitted: Counter<'source'>;
  private readonly moleculesSubmitted: Counter;

  constructor(@Inject(SCREENING_SERVICE) screening: ScreeningService) {
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
