/**
 * Progress for long work: a redrawn bar (count, rate, ETA) on a terminal, and a plain line every few
 * seconds otherwise, so logs of scripted runs stay readable.
 */
export interface ProgressReporter {
  /** Reports `done` of `total` units (bytes, rows…); `count` is what the user cares about (rows). */
  update(label: string, done: number, total: number, count: number): void;
  /** Prints a final line for the current task. */
  finish(line: string): void;
  /**
   * Shows a step of unknown length (a database merge) with its elapsed time, redrawn every second on
   * a terminal; the returned function ends it.
   */
  wait(label: string): () => void;
}

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  readonly unit?: string;
  /** Seconds between plain lines when not on a terminal. */
  readonly plainInterval?: number;
  readonly now?: () => number;
}

/** Returns the cursor to the start of the line and clears it, so a bar can be redrawn in place. */
export const CLEAR_LINE = '\r\x1b[2K';

/** A fixed-width bar with its percentage, e.g. `[######------------------]  25%`. */
export function renderBar(share: number, width = 24): string {
  const clamped = Math.min(1, Math.max(0, share));
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Creates a reporter writing to stderr (or the given stream); silent when `enabled` is false. */
export function createProgress(enabled: boolean, options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? 'rows';
  const tty = Boolean(stream.isTTY);
  let label = '';
  let started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(nextLabel, done, total, count) {
      if (!enabled) return;
      const t = now();
      if (nextLabel !== label) {
        label = nextLabel;
        started = t;
        lastDraw = Number.NEGATIVE_INFINITY;
      }
      const interval = tty ? 100 : (options.plainInterval ?? 5) * 1000;
      if (t - lastDraw < interval) return;
      lastDraw = t;
      const elapsed = (t - started) / 1000;
      const rate = elapsed > 0 ? count / elapsed : 0;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const eta = share > 0 && elapsed > 0 ? (elapsed / share) * (1 - share) : Number.NaN;
      const stats = `${integer.format(count)} ${unit}  ${integer.format(rate)} ${unit}/s  ETA ${duration(eta)}`;
      if (tty) {
        stream.write(`${CLEAR_LINE}${label} ${renderBar(share)}  ${stats}`);
        drawn = true;
      } else {
        stream.write(`${label}: ${(share * 100).toFixed(0)}%  ${stats}\n`);
      }
    },
    finish(line) {
      if (!enabled) return;
      if (tty && drawn) stream.write(CLEAR_LINE);
      drawn = false;
      stream.write(`${line}\n`);
    },
    wait(waitLabel) {
      if (!enabled) return () => undefined;
      const started = now();
      if (!tty) {
        stream.write(`${waitLabel}\n`);
        return () => undefined;
      }
      const draw = () => {
        stream.write(`${CLEAR_LINE}${waitLabel} ${duration((now() - started) / 1000)}`);
        drawn = true;
      };
      draw();
      const timer = setInterval(draw, 1000);
      timer.unref();
      return () => {
        clearInterval(timer);
        if (drawn) stream.write(CLEAR_LINE);
        drawn = false;
      };
    },
  };
}
