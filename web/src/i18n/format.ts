/** Numbers, money, shares and dates written the way each locale writes them. */
import type { Locale } from './locale.ts';

export interface Format {
  /** 12,345 / 12,345.6 */
  number(value: number | null | undefined, digits?: number): string;
  /** ¥12,345.60 (CNY in both languages) */
  money(value: number | null | undefined): string;
  /** 1.2万 / 12.3K */
  compact(value: number | null | undefined): string;
  /** 12.3% from a ratio 0.123 */
  percent(value: number | null | undefined, digits?: number): string;
  /** +12.3% / −4.0% from a ratio, for changes */
  change(value: number | null | undefined): string;
  /** 2026年11月26日 / Nov 26, 2026 from `YYYY-MM-DD` */
  date(day: string | null | undefined): string;
  /** 11月26日 周四 / Thu, Nov 26 */
  shortDate(day: string | null | undefined): string;
  /** A timestamp in the business time zone. */
  dateTime(value: string | number | Date | null | undefined, timeZone: string): string;
}

const DASH = '—';

/** Noon UTC of a civil date, so formatting in UTC never moves it to another day. */
function civil(day: string): Date {
  return new Date(`${day.slice(0, 10)}T12:00:00Z`);
}

export function createFormat(locale: Locale): Format {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const numberWith = (digits: number) => {
    let format = decimals.get(digits);
    if (!format)
      decimals.set(digits, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
    return format;
  };
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const percent = (digits: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits });
  const percent1 = percent(1);
  const change = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const longDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
  const shortDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' });
  const dateTimes = new Map<string, Intl.DateTimeFormat>();
  const valid = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);
  return {
    number: (value, digits = 0) => (valid(value) ? (digits === 0 ? integer : numberWith(digits)).format(value) : DASH),
    money: (value) => (valid(value) ? money.format(value) : DASH),
    compact: (value) => (valid(value) ? compact.format(value) : DASH),
    percent: (value, digits = 1) => (valid(value) ? (digits === 1 ? percent1 : percent(digits)).format(value) : DASH),
    change: (value) => (valid(value) ? change.format(value) : DASH),
    date: (day) => (day ? longDate.format(civil(day)) : DASH),
    shortDate: (day) => (day ? shortDate.format(civil(day)) : DASH),
    dateTime: (value, timeZone) => {
      if (value === null || value === undefined || value === '') return DASH;
      const date =
        value instanceof Date
          ? value
          : new Date(typeof value === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
      if (Number.isNaN(date.getTime())) return String(value);
      let format = dateTimes.get(timeZone);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        });
        dateTimes.set(timeZone, format);
      }
      return format.format(date);
    },
  };
}
