/**
 * `npm run bench -- forecast`: how good and how fast the flow forecaster is.
 *
 * 1. Generated data with known truth: daily visits of a venue simulated from the demo generator's
 *    demand model (src/demo/demand-model.ts, whose constants truth.json publishes) with the demo
 *    weather simulator's weather for one city, Poisson counts and 8% day-to-day noise on top. The
 *    forecaster's estimated holiday and weather factors are compared with the model's, and its
 *    28-day forecasts, made by rolling origin over the last year, with seasonal naive's.
 * 2. Real public series (bench/data): the same rolling-origin protocol for the forecaster and for
 *    R's ETS, auto.arima and Prophet, run in this benchmark; MASE ratio per series.
 * 3. Speed: one fit and forecast of a three-year daily series; a full forecast with back-test; a
 *    refresh of 1,000 venue series.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { forecastSeries, type SeriesForecast } from '../src/analysis/forecast/forecast-series.ts';
import { fitModels } from '../src/analysis/forecast/forecast-models.ts';
import { mase, naiveScale, smape, meanOfFinite, coverage } from '../src/analysis/forecast/accuracy.ts';
import { parseSeriesTable } from '../src/analysis/forecast/parse-series-table.ts';
import { fromDayNumber } from '../src/domain/calendar/civil-date.ts';
import { HEAT_THRESHOLD_C, WEATHER_EFFECT, type DemandKind } from '../src/demo/demand-model.ts';
import { parseCsvRecords } from '../src/util/parse-csv-records.ts';
import { simulateVenueVisits, trueHolidayFactors, type SimulatedVenue } from '../src/demo/simulate-venue-visits.ts';
import { createForecastPool } from '../src/query/forecast-workers/create-forecast-pool.ts';
import { isRAvailable, runRBaselines, R_METHODS, type RMethod } from './forecast-r-baselines.ts';

const HORIZON = 28;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

interface WindowResult {
  readonly mase: number;
  readonly naiveMase: number;
  readonly smape: number;
  readonly coverage80: number;
  readonly coverage95: number;
}

/** Forecasts `windows` blocks of HORIZON days at the end of y, each from the history before it. */
function rollingOrigin(
  series: SimulatedVenue | { start: number; y: number[]; weather?: undefined },
  windows: number,
  holidays: boolean,
): WindowResult[] {
  const y = Float64Array.from(series.y, (v) => (v == null ? NaN : v));
  const results: WindowResult[] = [];
  for (let w = 0; w < windows; w++) {
    const end = y.length - HORIZON - (windows - 1 - w) * HORIZON;
    const forecast = forecastSeries(
      { frequency: 'daily', start: series.start, y: series.y.slice(0, end), weather: series.weather },
      { horizon: HORIZON, holidays },
    );
    const actual = y.subarray(end, end + HORIZON);
    const scale = naiveScale(y.subarray(0, end), 7);
    const naive = Float64Array.from({ length: HORIZON }, (_, h) => {
      for (let at = end - 7 + (h % 7); at >= 0; at -= 7) if (!Number.isNaN(y[at] as number)) return y[at] as number;
      return NaN;
    });
    const yhat = forecast.points.map((p) => p.yhat);
    results.push({
      mase: mase(actual, yhat, scale),
      naiveMase: mase(actual, naive, scale),
      smape: smape(actual, yhat),
      coverage80: coverage(
        actual,
        forecast.points.map((p) => p.lower80),
        forecast.points.map((p) => p.upper80),
      ),
      coverage95: coverage(
        actual,
        forecast.points.map((p) => p.lower95),
        forecast.points.map((p) => p.upper95),
      ),
    });
  }
  return results;
}

const GENERATED: readonly { kind: DemandKind; mean: number; city: string }[] = [
  { kind: 'scenic_spot', mean: 3000, city: '杭州' },
  { kind: 'theme_park', mean: 5000, city: '广州' },
  { kind: 'museum', mean: 1500, city: '西安' },
  { kind: 'store', mean: 800, city: '成都' },
];

function generatedPart(): void {
  console.log('\n### Generated data (truth from the demo demand model)\n');
  console.log('Daily visits 2022-01-01 … 2025-06-30 per venue type; effects estimated from the history before the last 28 days.\n');
  console.log('| venue type | effect | truth | estimate | error |');
  console.log('|---|---|---:|---:|---:|');
  let worst = 0;
  const accuracy: { kind: string; results: WindowResult[] }[] = [];
  for (const [i, g] of GENERATED.entries()) {
    const series = simulateVenueVisits(g.kind, g.mean, g.city, 41 + i, '2022-01-01', '2025-06-30');
    const history = series.y.length - HORIZON;
    const forecast: SeriesForecast = forecastSeries(
      { frequency: 'daily', start: series.start, y: series.y.slice(0, history), weather: series.weather },
      { horizon: HORIZON },
    );
    const truthHolidays = trueHolidayFactors(g.kind, series.start, history);
    const rows: [string, number, number | undefined][] = [];
    for (const [name, truth] of Object.entries(truthHolidays)) rows.push([`holiday ${name}`, truth, forecast.effects?.holidays[name]]);
    // Weather effects with at least 20 days of the condition in the history.
    const counts = new Map<string, number>();
    for (let d = 0; d < history; d++) {
      const w = series.weather.get(fromDayNumber(series.start + d))!;
      const key =
        (w.tempMax ?? 0) >= HEAT_THRESHOLD_C
          ? ['sunny', 'cloudy', 'overcast'].includes(w.condition ?? '')
            ? 'heat'
            : 'hot+wet'
          : (w.condition ?? '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const effect = WEATHER_EFFECT[g.kind];
    for (const condition of ['rain', 'heavy_rain', 'snow', 'fog', 'haze', 'heat'] as const) {
      if ((counts.get(condition) ?? 0) < 20) continue;
      rows.push([`weather ${condition} (${counts.get(condition)} days)`, effect[condition], forecast.effects?.weather[condition]]);
    }
    for (const [name, truth, estimate] of rows) {
      const error = estimate === undefined ? NaN : estimate / truth - 1;
      worst = Math.max(worst, Math.abs(error));
      console.log(
        `| ${g.kind} | ${name} | ${truth.toFixed(3)} | ${estimate === undefined ? '—' : estimate.toFixed(3)} | ${Number.isNaN(error) ? '—' : pct(error)} |`,
      );
    }
    accuracy.push({ kind: g.kind, results: rollingOrigin(series, 13, true) });
  }
  console.log(`\nLargest effect error: **${pct(worst)}** (goal: within 10%).\n`);
  console.log('Rolling origin, 13 windows of 28 days over the last year (each forecast only sees the days before it):\n');
  console.log('| venue type | MASE | seasonal naive MASE | MASE vs naive | sMAPE | 80% band coverage | 95% band coverage |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const all: WindowResult[] = [];
  for (const { kind, results } of accuracy) {
    all.push(...results);
    const m = meanOfFinite(results.map((r) => r.mase));
    const n = meanOfFinite(results.map((r) => r.naiveMase));
    console.log(
      `| ${kind} | ${f3(m)} | ${f3(n)} | ${pct(m / n - 1)} | ${meanOfFinite(results.map((r) => r.smape)).toFixed(2)}% | ${pct(meanOfFinite(results.map((r) => r.coverage80)))} | ${pct(meanOfFinite(results.map((r) => r.coverage95)))} |`,
    );
  }
  const m = meanOfFinite(all.map((r) => r.mase));
  const n = meanOfFinite(all.map((r) => r.naiveMase));
  console.log(
    `| **all** | ${f3(m)} | ${f3(n)} | **${pct(m / n - 1)}** | ${meanOfFinite(all.map((r) => r.smape)).toFixed(2)}% | ${pct(meanOfFinite(all.map((r) => r.coverage80)))} | ${pct(meanOfFinite(all.map((r) => r.coverage95)))} |`,
  );
  console.log('\nGoal: MASE at least 30% below seasonal naive; bands covering about 80% and 95%.');
}

const REAL_SERIES = ['wp-peyton-manning-log.csv', 'pedestrians-covid.csv', 'wp-r.csv'];

async function realPart(windows: number): Promise<void> {
  console.log(`\n### Real public series (bench/data), ${windows} windows of ${HORIZON} days, rolling origin\n`);
  const withR = isRAvailable();
  if (!withR)
    console.log(
      'R with forecast and prophet is not installed (`apt-get install r-cran-forecast r-cran-prophet`): Flowsight and seasonal naive only.\n',
    );
  const methods: string[] = ['flowsight', 'seasonal_naive', ...(withR ? R_METHODS : [])];
  console.log(`| series | ${methods.map((m) => `${m} MASE`).join(' | ')} | flowsight ÷ best R | flowsight s/fit | Prophet s/fit |`);
  console.log(`|---|${methods.map(() => '---:').join('|')}|---:|---:|---:|`);
  for (const file of REAL_SERIES) {
    const path = fileURLToPath(new URL(`./data/${file}`, import.meta.url));
    const table = parseSeriesTable(parseCsvRecords(await readFile(path, 'utf8')));
    const y = Float64Array.from(table.y, (v) => (v == null ? NaN : v));
    const n = y.length;
    const scores = new Map<string, number[]>();
    const add = (method: string, value: number) => scores.set(method, [...(scores.get(method) ?? []), value]);
    let ours = 0;
    for (let w = 0; w < windows; w++) {
      const end = n - HORIZON - (windows - 1 - w) * HORIZON;
      const actual = y.subarray(end, end + HORIZON);
      const scale = naiveScale(y.subarray(0, end), 7);
      const started = performance.now();
      const forecast = forecastSeries(
        { frequency: 'daily', start: table.start, y: table.y.slice(0, end) },
        { horizon: HORIZON, holidays: false },
      );
      ours += performance.now() - started;
      add(
        'flowsight',
        mase(
          actual,
          forecast.points.map((p) => p.yhat),
          scale,
        ),
      );
      const naive = Array.from({ length: HORIZON }, (_, h) => {
        for (let at = end - 7 + (h % 7); at >= 0; at -= 7) if (!Number.isNaN(y[at] as number)) return y[at] as number;
        return NaN;
      });
      add('seasonal_naive', mase(actual, naive, scale));
    }
    let prophetSeconds = NaN;
    if (withR) {
      const run = await runRBaselines({ input: path, horizon: HORIZON, windows, step: HORIZON });
      if (run.n !== n) throw new Error(`${file}: R saw ${run.n} days, Flowsight ${n}`);
      for (const window of run.windows) {
        const actual = y.subarray(window.trainRows, window.trainRows + HORIZON);
        const scale = naiveScale(y.subarray(0, window.trainRows), 7);
        for (const method of R_METHODS) add(method, mase(actual, window.methods[method]?.yhat ?? [], scale));
      }
      prophetSeconds = meanOfFinite(run.windows.map((w) => w.methods.prophet?.seconds ?? NaN));
    }
    const mean = (m: string) => meanOfFinite(scores.get(m) ?? []);
    const bestR = withR ? Math.min(...R_METHODS.map((m: RMethod) => mean(m))) : NaN;
    console.log(
      `| ${file} | ${methods.map((m) => f3(mean(m))).join(' | ')} | ${f3(mean('flowsight') / bestR)} | ${(ours / windows / 1000).toFixed(3)} | ${Number.isFinite(prophetSeconds) ? prophetSeconds.toFixed(2) : '—'} |`,
    );
  }
  console.log('\nGoal: Flowsight ÷ best R at most 1 (at least as accurate as ETS, auto.arima and Prophet).');
}

async function speedPart(venues: number): Promise<void> {
  console.log('\n### Speed\n');
  const series = simulateVenueVisits('scenic_spot', 3000, '杭州', 7, '2022-01-01', '2024-12-31');
  const z = Float64Array.from(series.y, (v) => Math.log1p(v));
  const data = { frequency: 'daily' as const, start: series.start, z, holidays: true, weather: series.weather };
  const time = (runs: number, work: () => void): number => {
    for (let i = 0; i < 3; i++) work();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      work();
      samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
  };
  const single = time(20, () => fitModels(['regression'], data).get('regression')!.forecast(90));
  const full = time(10, () =>
    forecastSeries({ frequency: 'daily', start: series.start, y: series.y, weather: series.weather }, { horizon: 90, windows: 3 }),
  );
  const population = Array.from({ length: venues }, (_, i) =>
    simulateVenueVisits(GENERATED[i % GENERATED.length]!.kind, 50 + (i % 17) * 40, '杭州', 1000 + i, '2022-01-01', '2024-12-31'),
  );
  const started = performance.now();
  for (const s of population)
    forecastSeries({ frequency: 'daily', start: s.start, y: s.y, weather: s.weather }, { horizon: 90, windows: 3 });
  const inThread = (performance.now() - started) / 1000;
  // The server refreshes on worker threads, one per core, as here.
  const pool = createForecastPool();
  const pooledStart = performance.now();
  await Promise.all(
    population.map((s) => pool.forecast({ frequency: 'daily', start: s.start, y: s.y, weather: s.weather }, { horizon: 90, windows: 3 })),
  );
  const pooled = (performance.now() - pooledStart) / 1000;
  await pool.close();
  console.log('| measurement | result | goal |');
  console.log('|---|---:|---:|');
  console.log(`| one fit + 90-day forecast, regression, 3 years daily with weather (median of 20) | ${single.toFixed(1)} ms | < 50 ms |`);
  console.log(`| full forecast: 3-window back-test of every method, selection, refit, bands (median of 10) | ${full.toFixed(1)} ms | — |`);
  console.log(`| refresh of ${venues} venue series, full forecast each, in one thread | ${inThread.toFixed(1)} s | — |`);
  console.log(`| the same on the server's worker threads (${availableParallelism()} cores) | ${pooled.toFixed(1)} s | < 30 s |`);
}

/** Runs the forecasting benchmark. Flags: --windows W (real series, default 4), --venues N (default 1000), --only generated|real|speed. */
export async function forecastBenchmark(flags: Record<string, string>): Promise<void> {
  console.log('## Forecasting (`npm run bench -- forecast`)');
  const only = flags.only;
  if (!only || only === 'generated') generatedPart();
  if (!only || only === 'real') await realPart(Number(flags.windows ?? 4));
  if (!only || only === 'speed') await speedPart(Number(flags.venues ?? 1000));
}
