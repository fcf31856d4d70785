/**
 * The dashboard's shared filters — period, region, venue, channel, segment — as they sit in the URL
 * and as the metrics API takes them. Pure, so the mapping is tested without a browser.
 */

export interface Filters {
  /** First day, `YYYY-MM-DD` in the business time zone. */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
  readonly province?: string | undefined;
  readonly city?: string | undefined;
  /** Venue id. */
  readonly venue?: string | undefined;
  readonly channel?: string | undefined;
  /** Segment id. */
  readonly segment?: string | undefined;
}

export const FILTER_PARAMS = ['from', 'to', 'province', 'city', 'venue', 'channel', 'segment'] as const;

/** Days in the default period, ending today. */
export const DEFAULT_DAYS = 30;

const DAY_MS = 86_400_000;
const isDay = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** `YYYY-MM-DD` of `day` moved by `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Today's date in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The local time of day `HH:MM` in `timeZone`. */
export function clockIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
}

/**
 * The filters of a URL. A missing or malformed period is the last DEFAULT_DAYS days to `today`; a
 * reversed one is put in order.
 */
export function readFilters(params: URLSearchParams, today: string): Filters {
  let to = isDay(params.get('to')) ? params.get('to')! : today;
  let from = isDay(params.get('from')) ? params.get('from')! : addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) [from, to] = [to, from];
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value ? value : undefined;
  };
  return {
    from,
    to,
    province: text('province'),
    city: text('city'),
    venue: text('venue'),
    channel: text('channel'),
    segment: text('segment'),
  };
}

/** The metrics API's `where` filters for the region, venue, channel and segment chosen. */
export function toWhere(filters: Filters, omit: readonly (keyof Filters)[] = []): string[] {
  const where: string[] = [];
  for (const name of ['province', 'city', 'venue', 'channel', 'segment'] as const) {
    const value = filters[name];
    if (value !== undefined && !omit.includes(name)) where.push(`${name}=${value}`);
  }
  return where;
}

/** The period before, of the same length (what 环比 compares with). */
export function previousPeriod(filters: Pick<Filters, 'from' | 'to'>): { from: string; to: string } {
  const days = daysBetween(filters.from, filters.to);
  return { from: addDays(filters.from, -days), to: addDays(filters.from, -1) };
}
