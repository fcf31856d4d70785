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
  /** Dates of the URL that were not real days in 1970–2999 and gave way to the default. */
  readonly rejected?: readonly ('from' | 'to')[] | undefined;
}

export const FILTER_PARAMS = ['from', 'to', 'province', 'city', 'venue', 'channel', 'segment'] as const;

/** Days in the default period, ending today. */
export const DEFAULT_DAYS = 30;

const DAY_MS = 86_400_000;
/** The first and last days the dashboard takes. */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '2999-12-31';

/**
 * Whether `value` is a real calendar day `YYYY-MM-DD` between 1970-01-01 and 2999-12-31: 02-30 is
 * not (Date.parse would roll it over to March), nor is a year the date input has only begun to type.
 */
export function isDay(value: string | null | undefined): value is string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day && value! >= FIRST_DAY && value! <= LAST_DAY;
}

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
  const rejected = (['from', 'to'] as const).filter((name) => params.get(name) !== null && !isDay(params.get(name)));
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
    ...(rejected.length ? { rejected } : {}),
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

/**
 * Whether the URL's segment filter names a segment that no longer exists (deleted here or elsewhere),
 * judged once the saved segments are known; such a filter is dropped rather than failing every panel.
 */
export function isStaleSegment(segment: string | undefined, saved: readonly { readonly id: number | string }[] | undefined): boolean {
  return segment !== undefined && saved !== undefined && !saved.some((item) => String(item.id) === segment);
}
