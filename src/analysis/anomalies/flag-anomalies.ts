/**
 * Flags unusual days or hours in any metric series.
 *
 * The rule, in plain words. Each value is compared only with points before it, and with the same
 * slot: the same weekday for daily data (Mondays with Mondays), the same hour of the day for hourly
 * data.
 * - Expected value: the median of that slot over the previous 8 cycles (the last 8 Mondays). Until
 *   the slot has 3 past values, the median of the last full cycle (last 7 days, last 24 hours).
 * - Spread, the typical size of normal ups and downs: the largest of
 *   (a) 1.4826 × the median absolute deviation of those past values (a robust standard deviation);
 *   (b) a noise floor of 5% of the expected value, or for whole-number counts the square root of the
 *       expected value (at least 1) if that is larger, widened by how noisy the series has recently
 *       been against that floor across all slots of the last 8 cycles (never narrowed);
 *   (c) while the last-cycle median stands in, the standard deviation of that cycle, which is wide
 *       on purpose because a cycle mixes busy and quiet slots.
 * - Normal range: expected ± 3 spreads (never below 0 for a metric that has never been negative). A
 *   value above it is flagged high, below it low; the score says how many spreads away it is.
 * Because only earlier points count, a spike cannot hide itself, and the medians shrug off a few
 * past spikes. Values with less than one cycle of history get no expected value and no verdict.
 *
 * The points must be in time order with one point per bucket (fill missing buckets with 0): slots
 * are counted by position, not read from the dates.
 */

/** One point of a metric series: a bucket label (ISO date or `YYYY-MM-DD HH:00`) and its value. */
export interface SeriesPoint {
  readonly at: string;
  readonly value: number;
}

/** A point with its baseline, band and verdict; baseline fields are null while history is too short. */
export interface AnomalyPoint {
  at: string;
  value: number;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  anomaly: 'high' | 'low' | null;
  /** value − expected. */
  deviation: number | null;
  /** deviation / expected; null when expected is 0. */
  relative: number | null;
  /** deviation / spread: how many spreads the value is from expected. */
  score: number | null;
}

export interface FlagAnomaliesOptions {
  /** Points per cycle: 7 for daily data, 24 for hourly, 1 for none. Default: inferred from `at`. */
  readonly period?: number | undefined;
  /** How many past cycles the same-slot median looks at (default 8). */
  readonly window?: number | undefined;
  /** Width of the normal range in spreads either side of expected (default 3). */
  readonly threshold?: number | undefined;
  /** Points needed before a value can be judged (default one cycle, at least 3). */
  readonly minHistory?: number | undefined;
}

/** Same-slot values needed before the seasonal median replaces the trailing one. */
const MIN_SEASONS = 3;
/** Scales a median absolute deviation to a standard deviation for normal noise. */
const MAD_TO_SD = 1.4826;
/** Scales a mean absolute deviation to a standard deviation for normal noise. */
const MEAN_AD_TO_SD = 1.2533;
/** Smallest spread as a share of the expected value, so a flat history does not flag small changes. */
const RELATIVE_FLOOR = 0.05;
/** Recent standardized deviations needed before they may widen the floor. */
const MIN_POOLED = 10;

/** Marks each point high, low or normal against a robust same-slot baseline of the points before it. */
export function flagAnomalies(points: ReadonlyArray<SeriesPoint>, options: FlagAnomaliesOptions = {}): AnomalyPoint[] {
  const period = Math.max(1, Math.floor(options.period ?? inferPeriod(points)));
  const window = Math.max(1, Math.floor(options.window ?? 8));
  const threshold = options.threshold ?? 3;
  const minHistory = Math.max(1, Math.floor(options.minHistory ?? Math.max(3, period)));
  const values = points.map((p) => p.value);
  // Each judged point's deviation in units of its noise floor, kept for later points' spread.
  const standardized: Array<number | undefined> = [];

  return points.map(({ at, value }, i) => {
    const none: AnomalyPoint = {
      at,
      value,
      expected: null,
      lower: null,
      upper: null,
      anomaly: null,
      deviation: null,
      relative: null,
      score: null,
    };
    if (i < minHistory) return none;
    const seasonal: number[] = [];
    for (let k = 1; k <= window && i - k * period >= 0; k++) {
      const past = values[i - k * period] as number;
      if (Number.isFinite(past)) seasonal.push(past);
    }
    const useSeasonal = seasonal.length >= MIN_SEASONS;
    const history = useSeasonal ? seasonal : values.slice(Math.max(0, i - period), i).filter(Number.isFinite);
    if (history.length === 0) return none;

    const expected = median(history);
    const floor = noiseFloor(expected, history);
    // A median of n noisy values is itself off by about √(π/2n) spreads; widen for it.
    const medianError = Math.sqrt(1 + Math.PI / (2 * history.length));
    let spread = Math.max(
      medianError * MAD_TO_SD * median(history.map((v) => Math.abs(v - expected))),
      floor * Math.max(medianError, recentNoise(standardized, i, window * period)),
      useSeasonal ? 0 : standardDeviation(history),
    );
    // A history that is mostly one value but not all of it (and not counts): use every deviation.
    if (spread === 0) spread = MEAN_AD_TO_SD * mean(history.map((v) => Math.abs(v - expected)));

    const upper = expected + threshold * spread;
    // A metric that has never been negative gets no negative lower bound.
    const lower = history.every((v) => v >= 0) ? Math.max(0, expected - threshold * spread) : expected - threshold * spread;
    if (!Number.isFinite(value)) return { ...none, expected, lower, upper };
    const deviation = value - expected;
    // Noise is measured against the same slot even while the trailing fallback sets the baseline
    // (that one also carries the weekly swing); with one or two past values it errs on the wide side.
    if (seasonal.length > 0) {
      const slotExpected = median(seasonal);
      const slotFloor = noiseFloor(slotExpected, seasonal);
      if (slotFloor > 0) standardized[i] = (value - slotExpected) / slotFloor;
    }
    return {
      at,
      value,
      expected,
      lower,
      upper,
      anomaly: value > upper ? 'high' : value < lower ? 'low' : null,
      deviation,
      relative: expected === 0 ? null : deviation / expected,
      score: spread === 0 ? null : deviation / spread,
    };
  });
}

/** The least spread a baseline can have: 5% of it, and for whole-number counts √expected (at least 1). */
function noiseFloor(expected: number, history: readonly number[]): number {
  const isCount = history.every((v) => v >= 0 && Number.isInteger(v));
  return Math.max(RELATIVE_FLOOR * Math.abs(expected), isCount ? Math.sqrt(Math.max(expected, 1)) : 0);
}

/**
 * How noisy the recent past was relative to the floor (1.4826 × the median absolute standardized
 * deviation over the last `span` points), and never below 1. A handful of same-slot values
 * underestimates the spread too often; pooling every slot's recent deviations, each scaled to its own
 * level, gives a steadier figure that still tracks a noisy metric.
 */
function recentNoise(standardized: ReadonlyArray<number | undefined>, i: number, span: number): number {
  const recent: number[] = [];
  for (let j = Math.max(0, i - span); j < i; j++) {
    const z = standardized[j];
    if (z !== undefined) recent.push(Math.abs(z));
  }
  return recent.length < MIN_POOLED ? 1 : Math.max(1, MAD_TO_SD * median(recent));
}

/**
 * The cycle implied by the spacing of `at`: data a day or less apart cycles daily (24 for hourly),
 * daily data weekly, monthly data yearly; anything else, or unreadable labels, is not seasonal.
 */
export function inferPeriod(points: ReadonlyArray<SeriesPoint>): number {
  const times = points.slice(0, 25).map((p) => wallClockMs(p.at));
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 1;
  const step = median(gaps);
  const day = 86_400_000;
  if (Math.abs(step - day) < day / 12) return 7;
  if (step < day) {
    const perDay = day / step;
    return Math.abs(perDay - Math.round(perDay)) < 0.01 ? Math.round(perDay) : 1;
  }
  if (step >= 28 * day && step <= 31 * day) return 12;
  return 1;
}

/** Milliseconds of a label's wall-clock time, zone ignored, so daylight saving cannot skew spacing. */
function wallClockMs(at: string): number {
  const m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?)?/.exec(at.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}
