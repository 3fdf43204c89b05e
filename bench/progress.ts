/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise). */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const now = Date.now();
    const fraction = this.total === 0 ? 1 : Math.min(1, done / this.total);
    if (process.stderr.isTTY) {
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      process.stderr.write(`\r${this.line(done, fraction)}`);
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile === this.lastDecile) return;
      this.lastDecile = decile;
      process.stderr.write(`${this.line(done, fraction)}\n`);
    }
  }

  done(note = ''): number {
    const seconds = (Date.now() - this.started) / 1000;
    if (process.stderr.isTTY) process.stderr.write(`\r${this.line(this.total, 1)}${note ? ` ${note}` : ''}\n`);
    else process.stderr.write(`${this.label}: done in ${seconds.toFixed(1)}s${note ? ` ${note}` : ''}\n`);
    return seconds;
  }

  private line(done: number, fraction: number): string {
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    return `${this.label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${seconds}s`;
  }
}

/** A one-off step with its duration, for phases without a count (index builds, ANALYZE). */
export async function step<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  process.stderr.write(`${label.padEnd(22)} …`);
  const result = await fn();
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  return result;
}
