import type { OnModuleDestroy, Provider } from '@nestjs/common';
import {
  assessDrift,
  modelsWithReference,
  openDriftStore,
  type DriftReport,
  type DriftStore,
  type ModelDrift,
} from '@hitscreen/drift';
import type { ApiConfig } from '../config/api-config';
import { ApiError } from '../common/api-error';

/** One model's drift of one screen, as stored when the screen finished. */
export interface ScreenModelDrift extends DriftReport {
  computedAt: string;
  /** False when the model's training reference changed since (the counts were made over other bins). */
  currentReference: boolean;
}

/** One UTC day of a model's roll-up: the day's screens' counts added, assessed as one library. */
export interface DailyDriftReport extends DriftReport {
  day: string;
  screens: number;
}

/** The longest time series one request may ask for (days). */
export const MAX_SERIES_DAYS = 366;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Drift for the API: screens' stored assessments, daily roll-ups (sums of the screens' bin counts, so a day's PSI
 * is the PSI of everything screened that day) and the current values for Prometheus (the last 24 hours). The
 * training references are read once at start-up; a series only adds counts made against the current reference.
 */
export class DriftService implements OnModuleDestroy {
  private readonly models: Map<string, ModelDrift>;

  constructor(
    private readonly store: DriftStore,
    private readonly close: () => Promise<void>,
    models: ModelDrift[] = modelsWithReference(),
  ) {
    this.models = new Map(models.map((m) => [m.name, m]));
  }

  get modelNames(): string[] {
    return [...this.models.keys()];
  }

  async forScreen(screenId: string): Promise<ScreenModelDrift[]> {
    const rows = await this.store.forScreen(screenId);
    return rows.map((r) => ({
      ...r.report,
      computedAt: r.computedAt,
      currentReference: this.models.get(r.model)?.sha256 === r.referenceSha256,
    }));
  }

  /** The model's reference, or a 400 naming the models that have one. */
  model(name: unknown): ModelDrift {
    const model = typeof name === 'string' ? this.models.get(name) : undefined;
    if (!model)
      throw ApiError.badRequest(
        `model must be one of ${this.modelNames.join(', ')} (the models with a training reference)`,
      );
    return model;
  }

  /** Parses `from`/`to` (UTC days, inclusive): default the 30 days up to today, at most MAX_SERIES_DAYS. */
  static range(from: unknown, to: unknown, now = new Date()): { from: string; to: string } {
    const day = (name: string, value: unknown, fallback: string) => {
      if (value === undefined) return fallback;
      if (typeof value !== 'string' || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        throw ApiError.badRequest(`${name} must be a day as YYYY-MM-DD`);
      return value;
    };
    const end = day('to', to, now.toISOString().slice(0, 10));
    const start = day(
      'from',
      from,
      new Date(Date.parse(`${end}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10),
    );
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS + 1;
    if (days < 1) throw ApiError.badRequest(`from (${start}) is after to (${end})`);
    if (days > MAX_SERIES_DAYS)
      throw ApiError.badRequest(`at most ${MAX_SERIES_DAYS} days per request, not ${days}`);
    return { from: start, to: end };
  }

  async daily(model: ModelDrift, from: string, to: string): Promise<DailyDriftReport[]> {
    const days = await this.store.daily(model.name, model.sha256, from, to);
    return days.map((d) => ({ day: d.day, screens: d.screens, ...assessDrift(model.reference, d.counts) }));
  }

  /** Per model, the drift of everything screened in the last 24 hours (no entry for a model without screens). */
  async current(now = new Date()): Promise<DriftReport[]> {
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const out: DriftReport[] = [];
    for (const model of this.models.values()) {
      const window = await this.store.since(model.name, model.sha256, since);
      if (window) out.push(assessDrift(model.reference, window.counts));
    }
    return out;
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }
}

/** The drift service on the API's database (its own connection; the drift tables brought up to date). */
export function driftServiceProvider(config: ApiConfig): Provider {
  return {
    provide: DriftService,
    useFactory: async () => {
      const { store, close } = await openDriftStore(config.screening);
      return new DriftService(store, close);
    },
  };
}
