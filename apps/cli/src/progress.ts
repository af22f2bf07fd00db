/**
 * A one-line progress display on a terminal (stderr), silent when stderr is not a TTY so that pipes and CI
 * logs stay clean.
 */
export class Progress {
  private count = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean(stream.isTTY);
  }

  tick(n = 1): void {
    this.count += n;
    const now = Date.now();
    if (this.enabled && now - this.lastDraw > 100) {
      this.lastDraw = now;
      this.draw(now);
    }
  }

  done(): void {
    if (!this.enabled) return;
    this.draw(Date.now());
    this.stream.write('\n');
  }

  private draw(now: number): void {
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const rate = Math.round(this.count / seconds);
    this.stream.write(
      `\r${this.label}: ${this.count.toLocaleString('en-US')} records, ${rate}/s, ${seconds.toFixed(1)} s`,
    );
  }
}
