/**
 * R reference forecasts for the forecasting benchmark: runs bench/forecast-r-baselines.R (forecast::ets,
 * forecast::auto.arima, prophet::prophet) by rolling origin on one daily series; forecast-bench.ts
 * scores them with the product's own accuracy measures. R is optional on a developer machine, so callers
 * check isRAvailable() first and skip the comparison when it is false.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./forecast-r-baselines.R', import.meta.url));

/** The methods the R script can run, in the order it runs them. */
export const R_METHODS = ['ets', 'auto_arima', 'prophet'] as const;
/** One of the R methods. */
export type RMethod = (typeof R_METHODS)[number];

/** One method's forecast on one window; yhat is NaN throughout when the fit failed (then error says why). */
export interface RMethodResult {
  readonly yhat: readonly number[];
  readonly seconds: number;
  readonly error?: string;
}

/** One rolling origin: training ends at grid row trainRows (1-based), whose date is origin. */
export interface RBaselineWindow {
  readonly origin: string;
  readonly trainRows: number;
  readonly methods: Readonly<Partial<Record<RMethod, RMethodResult>>>;
}

/** The R script's JSON document: n is the length of the complete daily grid from start to end. */
export interface RBaselineRun {
  readonly series: string;
  readonly horizon: number;
  readonly step: number;
  readonly n: number;
  readonly start: string;
  readonly end: string;
  readonly windows: readonly RBaselineWindow[];
}

/** Options of runRBaselines; methods defaults to all of R_METHODS. */
export interface RBaselineOptions {
  readonly input: string;
  readonly horizon: number;
  readonly windows: number;
  readonly step: number;
  readonly methods?: readonly RMethod[];
  readonly timeoutMs?: number;
}

let available: boolean | undefined;

/** Whether Rscript runs and loads forecast, prophet and jsonlite; asked once per process. */
export function isRAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages({library(forecast); library(prophet); library(jsonlite)})'], {
        stdio: 'ignore',
        timeout: 60_000,
        env: rEnv(),
      });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Runs the R baselines on one CSV (columns ds,y) and returns the checked, typed result. */
export async function runRBaselines(options: RBaselineOptions): Promise<RBaselineRun> {
  const { input, horizon, windows, step } = options;
  for (const [name, value] of Object.entries({ horizon, windows, step })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`runRBaselines: ${name} must be a positive integer, got ${value}`);
  }
  const methods = options.methods ?? R_METHODS;
  const args = [SCRIPT, '--input', input, '--horizon', `${horizon}`, '--windows', `${windows}`, '--step', `${step}`];
  args.push('--methods', methods.join(','));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      'Rscript',
      args,
      // auto.arima and Prophet take seconds per fit, so many windows take many minutes.
      { maxBuffer: 256 * 2 ** 20, timeout: options.timeoutMs ?? 60 * 60_000, killSignal: 'SIGKILL', env: rEnv() },
      (error, out, err) => {
        if (error) reject(new Error(`Rscript ${SCRIPT} failed: ${error.message}\n${tail(err, 20)}`));
        else resolve(out);
      },
    );
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (error) {
    throw new Error(`Rscript printed something other than JSON: ${stdout.slice(0, 200)}`, { cause: error });
  }
  return checkRun(parsed, { horizon, windows, methods });
}

function checkRun(value: unknown, asked: { horizon: number; windows: number; methods: readonly RMethod[] }): RBaselineRun {
  const fail = (what: string): never => {
    throw new Error(`forecast-r-baselines.R: unexpected JSON: ${what}`);
  };
  const run = isObject(value) ? value : fail('not an object');
  const series = typeof run.series === 'string' ? run.series : fail('series');
  if (run.horizon !== asked.horizon) fail(`horizon ${String(run.horizon)} ≠ ${asked.horizon}`);
  const step = isCount(run.step) ? run.step : fail('step');
  const n = isCount(run.n) ? run.n : fail('n');
  const start = isDate(run.start) ? run.start : fail('start');
  const end = isDate(run.end) ? run.end : fail('end');
  const rawWindows = Array.isArray(run.windows) && run.windows.length === asked.windows ? run.windows : fail('windows');
  const windows = rawWindows.map((raw: unknown, i): RBaselineWindow => {
    const w = isObject(raw) ? raw : fail(`windows[${i}]`);
    const origin = isDate(w.origin) ? w.origin : fail(`windows[${i}].origin`);
    const trainRows = isCount(w.trainRows) && w.trainRows + asked.horizon <= n ? w.trainRows : fail(`windows[${i}].trainRows`);
    const rawMethods = isObject(w.methods) ? w.methods : fail(`windows[${i}].methods`);
    const methods: Partial<Record<RMethod, RMethodResult>> = {};
    for (const method of asked.methods) {
      const m = isObject(rawMethods[method]) ? rawMethods[method] : fail(`windows[${i}].methods.${method}`);
      const yhat =
        Array.isArray(m.yhat) && m.yhat.length === asked.horizon && m.yhat.every((v) => v === null || typeof v === 'number')
          ? m.yhat.map((v: number | null) => v ?? Number.NaN)
          : fail(`windows[${i}].methods.${method}.yhat`);
      const seconds = typeof m.seconds === 'number' && m.seconds >= 0 ? m.seconds : fail(`windows[${i}].methods.${method}.seconds`);
      if (m.error !== undefined && typeof m.error !== 'string') fail(`windows[${i}].methods.${method}.error`);
      methods[method] = typeof m.error === 'string' ? { yhat, seconds, error: m.error } : { yhat, seconds };
    }
    return { origin, trainRows, methods };
  });
  return { series, horizon: asked.horizon, step, n, start, end, windows };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The environment for Rscript: TZ set, because R asks timedatectl for the zone otherwise and warns in containers. */
function rEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TZ: process.env.TZ ?? 'UTC' };
}
