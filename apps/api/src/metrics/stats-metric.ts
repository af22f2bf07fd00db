import type { Metric } from 'prom-client';

interface StatsValue {
  value: number;
  labels?: Record<string, string | number>;
  /** For a histogram's series: `<name>_bucket`, `<name>_sum`, `<name>_count`. */
  metricName?: string;
}

/**
 * A metric whose values are read when Prometheus scrapes, from totals the database holds for the whole deployment
 * (every worker process writes there). prom-client's own Counter and Histogram can only count what this process
 * observed, and the API observes no chunk; a Gauge cannot carry the counter or histogram type. prom-client's
 * registry formats any object with `name`, `help`, `type` and `get()`, which is what this is.
 */
export class StatsMetric {
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
    private readonly read: () => Promise<StatsValue[]>,
  ) {}

  async get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: await this.read(),
    };
  }

  /** prom-client's `registerMetric` is typed for its own classes; the registry itself only calls `get()`. */
  asMetric(): Metric {
    return this as unknown as Metric;
  }
}
