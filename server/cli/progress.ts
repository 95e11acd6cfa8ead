// Progress for long command-line jobs (multi-seed runs, large matrices), written to stderr.
// On a terminal: one line redrawn in place at most ~10 times a second, with a bar, percent,
// elapsed time and ETA. Elsewhere (CI logs, files, pipes): a plain line at 0%, every 10% and 100%,
// so logs stay short and readable.

/** The part of a writable stream this needs; process.stderr fits. */
export interface ProgressStream {
  isTTY?: boolean;
  /** terminal width in characters, when known */
  columns?: number;
  write(chunk: string): unknown;
}

export interface ProgressOptions {
  /** number of work items; 0 is allowed (done() then reports 100%) */
  total: number;
  label: string;
  stream?: ProgressStream;
  /** clock in milliseconds; injectable for tests */
  now?: () => number;
  /** minimum milliseconds between terminal redraws; default 100 */
  redrawIntervalMs?: number;
}

export interface Progress {
  /** reports that `done` of `total` items are finished (clamped to [0, total]) */
  tick(done: number): void;
  /** reports completion: draws 100% and ends the line. Later calls and ticks are ignored. */
  done(): void;
}

const BAR_WIDTH = 24;

/** 7s, 2m05s, 1h02m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Terminal columns a string takes: CJK and other wide characters count two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function createProgress(options: ProgressOptions): Progress {
  const { total, label } = options;
  if (!Number.isFinite(total) || total < 0) {
    throw new RangeError(`Unexpected total value: ${total}. Expected a finite number ≥ 0.`);
  }
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const interval = options.redrawIntervalMs ?? 100;
  const tty = stream.isTTY === true;
  const start = now();
  let current = 0;
  let finished = false;
  let lastDraw = -Infinity;
  let lastDecile = -1;
  let lastLineLength = 0;

  // With total 0 there is nothing to count: 0% until done(), then 100%.
  const fraction = (): number => (total === 0 ? (finished ? 1 : 0) : current / total);
  /** whole percent done, rounded down (computed as current·100/total to avoid 0.29·100 = 28.99…) */
  const percent = (): number => (total === 0 ? (finished ? 100 : 0) : Math.floor((current * 100) / total));

  const ttyLine = (): string => {
    const f = fraction();
    const elapsed = now() - start;
    const eta = f >= 1 ? 0 : current > 0 ? (elapsed * (total - current)) / current : NaN;
    const pct = `${percent()}%`.padStart(4);
    const tail = ` ${pct} ${current}/${total} ${formatDuration(elapsed)} ETA ${formatDuration(eta)}`;
    // Keep the line inside the terminal so it never wraps (a wrapped line cannot be redrawn by \r).
    const room = (stream.columns ?? 80) - displayWidth(label) - tail.length - 4;
    const width = Math.max(0, Math.min(BAR_WIDTH, room));
    const filled = Math.round(f * width);
    const bar = width > 0 ? ` ${'█'.repeat(filled)}${'░'.repeat(width - filled)}` : '';
    return `${label}${bar}${tail}`;
  };

  const drawTty = (): void => {
    const line = ttyLine();
    // Pad with spaces over any leftovers of a longer previous line.
    const pad = Math.max(0, lastLineLength - line.length);
    stream.write(`\r${line}${' '.repeat(pad)}`);
    lastLineLength = line.length;
    lastDraw = now();
  };

  const printDecile = (decile: number): void => {
    lastDecile = decile;
    const elapsed = formatDuration(now() - start);
    stream.write(`${label}: ${percent()}% (${current}/${total}) ${elapsed}\n`);
  };

  if (tty) drawTty();
  else printDecile(0);

  return {
    tick(done: number): void {
      if (finished) return;
      if (Number.isNaN(done)) throw new RangeError(`Unexpected done value: ${done}. Expected a number.`);
      current = Math.min(total, Math.max(0, done));
      if (tty) {
        if (now() - lastDraw >= interval) drawTty();
        return;
      }
      const decile = Math.floor(percent() / 10);
      if (decile > lastDecile) printDecile(decile);
    },
    done(): void {
      if (finished) return;
      current = total;
      finished = true;
      if (tty) {
        drawTty();
        stream.write('\n');
      } else if (lastDecile < 10) {
        printDecile(10);
      }
    },
  };
}
