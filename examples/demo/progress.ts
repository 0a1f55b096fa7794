/** Where the demo writes; `isTTY` decides whether the bar redraws in place. */
export interface DemoStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 28;

/**
 * A minimal progress bar on stderr: redrawn in place on a terminal, one final line otherwise
 * (logs and CI keep no carriage-return noise).
 */
export class ProgressBar {
  readonly #stream: DemoStream;
  readonly #label: string;
  readonly #total: number | null;
  #current = 0;
  #lastDraw = 0;

  constructor(stream: DemoStream, label: string, total: number | null) {
    this.#stream = stream;
    this.#label = label;
    this.#total = total !== null && total > 0 ? total : null;
  }

  /** Moves the bar to `current` items (redraws at most every 50 ms on a terminal). */
  update(current: number, detail = ''): void {
    this.#current = current;
    if (!this.#stream.isTTY) return;
    const now = Date.now();
    if (now - this.#lastDraw < 50 && current !== this.#total) return;
    this.#lastDraw = now;
    this.#stream.write(`\r${this.#line(detail)}\u001b[K`);
  }

  /** Draws the final state and ends the line. */
  done(detail = ''): void {
    this.#stream.write(
      `${this.#stream.isTTY ? '\r' : ''}${this.#line(detail)}${this.#stream.isTTY ? '\u001b[K' : ''}\n`,
    );
  }

  #line(detail: string): string {
    const suffix = detail ? ` ${detail}` : '';
    if (this.#total === null) return `  ${this.#label} ${this.#current}${suffix}`;
    const ratio = Math.min(1, this.#current / this.#total);
    const filled = Math.round(ratio * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    return `  ${this.#label} ${bar} ${this.#current}/${this.#total}${suffix}`;
  }
}
