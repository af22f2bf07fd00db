const WIDTH = 24;
const REDRAW_MS = 100;

/**
 * A progress bar for work whose total is known (on stderr, redrawn at most every 100 ms): bar, percentage,
 * count, rate and time left. Before the total is known it counts what has been read. Silent when stderr is not a
 * terminal, so pipes and CI logs keep only the command's summary line.
 */
export class ProgressBar {
  private lastDraw = 0;
  private runningSince: number | undefined;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = Boolean(stream.isTTY);
  }

  /** Records read so far (the total is not known yet). */
  reading(records: number): void {
    this.maybeDraw(() => `${this.label}: reading, ${records.toLocaleString('en-US')} records`);
  }

  /** `done` of `total` processed. */
  update(done: number, total: number, note = ''): void {
    const now = this.now();
    this.runningSince ??= now;
    this.maybeDraw(() => {
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(fraction * WIDTH);
      const seconds = Math.max((now - (this.runningSince ?? now)) / 1000, 1e-3);
      const rate = done / seconds;
      const left = rate > 0 ? `, ${formatSeconds((total - done) / rate)} left` : '';
      return (
        `${this.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(100 * fraction).toFixed(0)}% ` +
        `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}, ${rate.toFixed(1)}/s${left}${note}`
      );
    }, done >= total);
  }

  /** Ends the bar's line (call once, before printing anything else). */
  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private maybeDraw(text: () => string, force = false): void {
    if (!this.enabled) return;
    const now = this.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    // \x1b[K clears what a longer previous line left behind.
    this.stream.write(`\r${text()}\x1b[K`);
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
