/**
 * Ranks places (provinces, cities or venues) by how busy and how fast-growing they are, and picks
 * out the emerging ones: places growing well beyond their own usual ups and downs.
 *
 * The rule, in plain words.
 * - Rates: 环比 growth = current ÷ previous − 1; 同比 (yoy) = current ÷ same period last year − 1;
 *   utilisation = current ÷ capacity; forecast growth = next period's forecast ÷ current − 1. Each is
 *   null when its base is missing or 0, rather than an infinite or made-up rate.
 * - Ranks: 1 for the largest value, places of one level compared only with each other (a province
 *   always out-draws a venue); equal values share a rank and the next rank is skipped (1, 2, 2, 4).
 *   A null value has no rank. `forecast` ranks by forecast growth, where the flow is heading.
 * - Emerging. The growth of a period is measured as ln((current + 1) ÷ (previous + 1)): logs make +50%
 *   and −33% the same size, and the +1 keeps a period with no flow finite. The entry's history
 *   (periods before the current one, oldest first, the last being the previous period) gives its
 *   usual growths, one per pair of neighbouring periods. The typical growth is their median and the
 *   spread the largest of
 *   (a) 1.4826 × their median absolute deviation (a standard deviation that ignores a few outliers);
 *   (b) `minSpread` (default 0.05), so a perfectly flat history does not turn 5% into a sensation;
 *   (c) the sampling noise of small counts, √(1 ÷ (current + 1) + 1 ÷ (previous + 1)), the standard
 *       deviation of the log ratio of two Poisson counts, so 12 → 20 visitors is not news.
 *   The score is (growth − typical) ÷ spread. An entry is emerging when the score is at least
 *   `threshold` (default 3), the flow actually grew, and the current flow is at least `minVolume`
 *   (default 30). Entries with fewer than `minHistory` usual growths (default 4) get no score.
 *   The previous period is `previous`, or the last history value when `previous` is null.
 * - Order: by level (province, city, venue), then the `sortBy` value, largest first with nulls last,
 *   then by key. Sorting by `emerging` puts emerging entries first, each group by score.
 */

/** The tier of a place; ranks compare places of one tier only. */
export type HotspotLevel = 'province' | 'city' | 'venue';

/** One place's flow for the current period and what it is compared with. */
export interface HotspotEntry {
  readonly key: string;
  readonly label: string;
  readonly level: HotspotLevel;
  /** Flow this period. */
  readonly current: number;
  /** Flow the period before (环比 base). */
  readonly previous: number | null;
  /** Flow in the same period last year (同比 base). */
  readonly lastYear: number | null;
  /** Flow of the periods before the current one, oldest first, each as long as the current one. */
  readonly history: readonly number[];
  /** Flow the place can take in a period. */
  readonly capacity: number | null;
  /** Forecast flow for the next period. */
  readonly forecast: number | null;
}

/** What rows can be sorted by. */
export type HotspotSortKey = 'flow' | 'growth' | 'yoy' | 'utilisation' | 'forecast' | 'emerging';

/** Options of {@link rankHotspots}. */
export interface RankHotspotsOptions {
  /** Value to order rows by within a level (default 'flow'). */
  readonly sortBy?: HotspotSortKey | undefined;
  /** Least current flow an emerging entry must have (default 30). */
  readonly minVolume?: number | undefined;
  /** Score at which growth counts as emerging (default 3). */
  readonly threshold?: number | undefined;
  /** Least spread of log growths (default 0.05, about ±5% a period). */
  readonly minSpread?: number | undefined;
  /** Historical growths needed before an entry can be scored (default 4). */
  readonly minHistory?: number | undefined;
}

/** Rank of a row among rows of its level, 1 = largest; null when its value is null. */
export interface HotspotRanks {
  readonly flow: number;
  readonly growth: number | null;
  readonly yoy: number | null;
  readonly utilisation: number | null;
  /** By forecast growth. */
  readonly forecast: number | null;
  /** By score among emerging rows only. */
  readonly emerging: number | null;
}

/** An entry with its rates, emerging verdict and ranks. */
export interface HotspotRow {
  readonly key: string;
  readonly label: string;
  readonly level: HotspotLevel;
  readonly current: number;
  readonly previous: number | null;
  readonly lastYear: number | null;
  readonly capacity: number | null;
  readonly forecast: number | null;
  /** 环比: current ÷ previous − 1. */
  readonly growth: number | null;
  /** 同比: current ÷ lastYear − 1. */
  readonly yoy: number | null;
  /** current ÷ capacity. */
  readonly utilisation: number | null;
  /** forecast ÷ current − 1. */
  readonly forecastGrowth: number | null;
  /** ln((current + 1) ÷ (previous + 1)); null without a previous period. */
  readonly logGrowth: number | null;
  /** Median of the historical log growths; null with too little history. */
  readonly typicalGrowth: number | null;
  /** Spread the score divides by; null with too little history. */
  readonly spread: number | null;
  /** (logGrowth − typicalGrowth) ÷ spread; null with too little history. */
  readonly emergingScore: number | null;
  readonly emerging: boolean;
  readonly ranks: HotspotRanks;
}

/** Ranked rows and the keys of the emerging ones. */
export interface HotspotRanking {
  readonly sortBy: HotspotSortKey;
  readonly rows: readonly HotspotRow[];
  /** Keys of the emerging rows, in row order. */
  readonly emerging: readonly string[];
}

/** Scales a median absolute deviation to a standard deviation for normal noise. */
const MAD_TO_SD = 1.4826;
const LEVEL_ORDER: readonly HotspotLevel[] = ['province', 'city', 'venue'];

/** Computes growth, utilisation and forecast rates, flags emerging places and ranks them by level. */
export function rankHotspots(entries: readonly HotspotEntry[], options: RankHotspotsOptions = {}): HotspotRanking {
  const sortBy = options.sortBy ?? 'flow';
  const minVolume = options.minVolume ?? 30;
  const threshold = options.threshold ?? 3;
  const minSpread = options.minSpread ?? 0.05;
  const minHistory = options.minHistory ?? 4;
  validate(entries, { minVolume, threshold, minSpread, minHistory });

  const unranked = entries.map((entry) => {
    const base = entry.previous ?? entry.history.at(-1) ?? null;
    const logGrowth = base === null ? null : logRatio(entry.current, base);
    const usual: number[] = [];
    for (let i = 1; i < entry.history.length; i++) usual.push(logRatio(entry.history[i] as number, entry.history[i - 1] as number));
    let typicalGrowth: number | null = null;
    let spread: number | null = null;
    let emergingScore: number | null = null;
    if (logGrowth !== null && base !== null && usual.length >= minHistory) {
      typicalGrowth = median(usual);
      const typical = typicalGrowth;
      const poisson = Math.sqrt(1 / (entry.current + 1) + 1 / (base + 1));
      spread = Math.max(MAD_TO_SD * median(usual.map((g) => Math.abs(g - typical))), minSpread, poisson);
      emergingScore = (logGrowth - typicalGrowth) / spread;
    }
    return {
      key: entry.key,
      label: entry.label,
      level: entry.level,
      current: entry.current,
      previous: entry.previous,
      lastYear: entry.lastYear,
      capacity: entry.capacity,
      forecast: entry.forecast,
      growth: rate(entry.current, entry.previous),
      yoy: rate(entry.current, entry.lastYear),
      utilisation: entry.capacity === null || entry.capacity === 0 ? null : entry.current / entry.capacity,
      forecastGrowth: rate(entry.forecast, entry.current),
      logGrowth,
      typicalGrowth,
      spread,
      emergingScore,
      emerging: emergingScore !== null && emergingScore >= threshold && (logGrowth as number) > 0 && entry.current >= minVolume,
    };
  });

  const rankOf = (value: (row: (typeof unranked)[number]) => number | null): Array<number | null> => {
    const ranks = new Array<number | null>(unranked.length).fill(null);
    for (const level of LEVEL_ORDER) {
      const ranked = unranked
        .map((row, i) => ({ i, v: row.level === level ? value(row) : null }))
        .filter((x): x is { i: number; v: number } => x.v !== null)
        .sort((a, b) => b.v - a.v);
      // Competition ranking: a value shares the rank of the first row holding it (1, 2, 2, 4).
      ranked.forEach((x, position) => {
        const ahead = ranked[position - 1];
        ranks[x.i] = ahead !== undefined && ahead.v === x.v ? (ranks[ahead.i] as number) : position + 1;
      });
    }
    return ranks;
  };
  const ranks = {
    flow: rankOf((r) => r.current),
    growth: rankOf((r) => r.growth),
    yoy: rankOf((r) => r.yoy),
    utilisation: rankOf((r) => r.utilisation),
    forecast: rankOf((r) => r.forecastGrowth),
    emerging: rankOf((r) => (r.emerging ? r.emergingScore : null)),
  };
  const rows: HotspotRow[] = unranked.map((row, i) => ({
    ...row,
    ranks: {
      flow: ranks.flow[i] as number,
      growth: ranks.growth[i] ?? null,
      yoy: ranks.yoy[i] ?? null,
      utilisation: ranks.utilisation[i] ?? null,
      forecast: ranks.forecast[i] ?? null,
      emerging: ranks.emerging[i] ?? null,
    },
  }));

  sortHotspotRows(rows, sortBy);
  return { sortBy, rows, emerging: rows.filter((r) => r.emerging).map((r) => r.key) };
}

/** Orders rows in place as a ranking by `sortBy` does (by level, then the key's value, largest first, nulls last). */
export function sortHotspotRows(rows: HotspotRow[], sortBy: HotspotSortKey): HotspotRow[] {
  const sortValue = (row: HotspotRow): number | null => {
    switch (sortBy) {
      case 'flow':
        return row.current;
      case 'growth':
        return row.growth;
      case 'yoy':
        return row.yoy;
      case 'utilisation':
        return row.utilisation;
      case 'forecast':
        return row.forecastGrowth;
      case 'emerging':
        return row.emergingScore;
    }
  };
  rows.sort(
    (a, b) =>
      LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
      (sortBy === 'emerging' ? Number(b.emerging) - Number(a.emerging) : 0) ||
      descendingNullsLast(sortValue(a), sortValue(b)) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return rows;
}

/** Rejects inputs that are bugs in the caller, naming the field. */
function validate(
  entries: readonly HotspotEntry[],
  options: { minVolume: number; threshold: number; minSpread: number; minHistory: number },
): void {
  if (!Number.isFinite(options.minVolume) || options.minVolume < 0)
    throw new RangeError(`minVolume must be a finite number ≥ 0, got ${options.minVolume}`);
  if (!Number.isFinite(options.threshold) || options.threshold <= 0)
    throw new RangeError(`threshold must be a finite number > 0, got ${options.threshold}`);
  if (!Number.isFinite(options.minSpread) || options.minSpread <= 0)
    throw new RangeError(`minSpread must be a finite number > 0, got ${options.minSpread}`);
  if (!Number.isInteger(options.minHistory) || options.minHistory < 1)
    throw new RangeError(`minHistory must be a whole number ≥ 1, got ${options.minHistory}`);
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (seen.has(entry.key)) throw new RangeError(`entries[${i}].key repeats ${entry.key}`);
    seen.add(entry.key);
    if (!LEVEL_ORDER.includes(entry.level))
      throw new RangeError(`entries[${i}].level must be province, city or venue, got ${String(entry.level)}`);
    const check = (field: string, value: number | null): void => {
      if (value !== null && (!Number.isFinite(value) || value < 0))
        throw new RangeError(`entries[${i}].${field} must be a finite number ≥ 0, got ${value}`);
    };
    check('current', entry.current);
    check('previous', entry.previous);
    check('lastYear', entry.lastYear);
    check('capacity', entry.capacity);
    check('forecast', entry.forecast);
    entry.history.forEach((value, j) => check(`history[${j}]`, value));
  });
}

/** value ÷ base − 1, or null when either is missing or the base is 0. */
function rate(value: number | null, base: number | null): number | null {
  return value === null || base === null || base === 0 ? null : value / base - 1;
}

/** Log growth from `from` to `to`, add-one so zero flow stays finite. */
function logRatio(to: number, from: number): number {
  return Math.log((to + 1) / (from + 1));
}

function descendingNullsLast(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return b - a;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
