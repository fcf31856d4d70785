/**
 * Today's headline numbers and what they are compared with. Today is incomplete, so it is compared
 * with yesterday and the same weekday last week *up to the same minute*, and with the forecast for
 * today scaled to the part of the day that has passed (the pace of those two days). Conversion has
 * no stored forecast: it is compared with the average daily conversion of the last 7 days instead.
 */

export type KpiKey = 'visitors' | 'orders' | 'revenue' | 'conversion';
export const KPI_KEYS: readonly KpiKey[] = ['visitors', 'orders', 'revenue', 'conversion'];

/** The four numbers of one day (or part of a day); null when unknown. */
export interface DayNumbers {
  readonly visitors: number | null;
  readonly orders: number | null;
  readonly revenue: number | null;
  readonly conversion: number | null;
}

export interface TodayKpiInput {
  /** Today so far (visitors, orders and revenue from the live feed, conversion from the metrics layer). */
  readonly today: Partial<DayNumbers>;
  /** Yesterday up to the current minute. */
  readonly yesterdaySoFar?: Partial<DayNumbers> | undefined;
  /** The same weekday last week up to the current minute. */
  readonly lastWeekSoFar?: Partial<DayNumbers> | undefined;
  /** Whole days, keyed by `YYYY-MM-DD`: yesterday, last week's same day and the days between. */
  readonly fullDays: ReadonlyMap<string, Partial<DayNumbers>>;
  readonly yesterday: string;
  readonly lastWeekDay: string;
  /** The full-day forecast for today of the forecast metrics. */
  readonly forecastToday: Partial<Record<'visitors' | 'orders' | 'revenue', number>>;
}

export type ComparisonKind = 'forecast' | 'average7' | 'yesterday' | 'lastWeek';

export interface KpiComparisonValue {
  readonly kind: ComparisonKind;
  /** Relative change, 0.12 = +12%; null when there is nothing (or zero) to compare with. */
  readonly change: number | null;
  /** What today is compared with (for the forecast: expected by now). */
  readonly base: number | null;
  /** For the forecast: the whole day's forecast. */
  readonly fullDay?: number | null;
}

export interface TodayKpi {
  readonly key: KpiKey;
  readonly value: number | null;
  readonly comparisons: readonly KpiComparisonValue[];
}

const known = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** current ÷ base − 1, or null when either is unknown or the base is 0. */
export function relativeChange(current: number | null | undefined, base: number | null | undefined): number | null {
  if (!known(current) || !known(base) || base === 0) return null;
  return current / base - 1;
}

/**
 * The share of a whole day that has usually passed by now: the mean of so-far ÷ whole-day over the
 * reference days that had any, or null when none had.
 */
export function shareOfDaySoFar(
  days: readonly { readonly soFar: number | null | undefined; readonly full: number | null | undefined }[],
): number | null {
  const shares = days
    .filter((day) => known(day.soFar) && known(day.full) && day.full > 0)
    .map((day) => Math.min(1, day.soFar! / day.full!));
  return shares.length === 0 ? null : shares.reduce((sum, share) => sum + share, 0) / shares.length;
}

/** Mean of the known values, or null. */
function mean(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter(known);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}

/** The four KPI cards' numbers, in the order visitors, orders, revenue, conversion. */
export function buildTodayKpis(input: TodayKpiInput): TodayKpi[] {
  const yesterdayFull = input.fullDays.get(input.yesterday);
  const lastWeekFull = input.fullDays.get(input.lastWeekDay);
  return KPI_KEYS.map((key): TodayKpi => {
    const value = input.today[key] ?? null;
    const yesterday = input.yesterdaySoFar?.[key] ?? null;
    const lastWeek = input.lastWeekSoFar?.[key] ?? null;
    let first: KpiComparisonValue;
    if (key === 'conversion') {
      const average = mean([...input.fullDays.values()].map((day) => day.conversion));
      first = { kind: 'average7', change: relativeChange(value, average), base: average };
    } else {
      const fullDay = input.forecastToday[key] ?? null;
      const share = shareOfDaySoFar([
        { soFar: yesterday, full: yesterdayFull?.[key] },
        { soFar: lastWeek, full: lastWeekFull?.[key] },
      ]);
      const expected = known(fullDay) && share !== null ? fullDay * share : null;
      first = { kind: 'forecast', change: relativeChange(value, expected), base: expected, fullDay };
    }
    return {
      key,
      value,
      comparisons: [
        first,
        { kind: 'yesterday', change: relativeChange(value, yesterday), base: yesterday },
        { kind: 'lastWeek', change: relativeChange(value, lastWeek), base: lastWeek },
      ],
    };
  });
}

/** The first row of a metrics answer as KPI numbers (`conversion_rate` → conversion). */
export function toDayNumbers(row: Readonly<Record<string, string | number | null>> | undefined): Partial<DayNumbers> {
  if (!row) return {};
  const number = (cell: string | number | null | undefined) => (cell === null || cell === undefined || cell === '' ? null : Number(cell));
  return {
    visitors: number(row.visitors),
    orders: number(row.orders),
    revenue: number(row.revenue),
    conversion: number(row.conversion_rate),
  };
}
