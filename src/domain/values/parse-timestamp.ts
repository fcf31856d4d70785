/**
 * Timestamps as operators' systems write them: ISO 8601 with or without offset, `2024/1/5 13:04`,
 * `2024-01-05 13:04:05`, `2024年1月5日 13时04分`, `2024.01.05`, and epoch seconds or milliseconds.
 * A time without an offset is a wall-clock time in the configured zone (default Asia/Shanghai).
 * Results are UTC epoch milliseconds; failures are values, not exceptions.
 */
import { dayNumberOf, isValidCivilDate } from '../calendar/civil-date.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const MS_PER_DAY = 86_400_000;

// Year, month, day separated by - / . or 年月日; optional time with : or 时分秒; optional fraction and
// offset. Anchored so trailing junk is refused rather than silently ignored.
const GENERAL =
  /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:(?:[T\s]+|\s*)(\d{1,2})\s*(?::|时|點|点)\s*(\d{1,2})\s*(?:(?::|分)\s*(?:(\d{1,2})(?:[.,](\d{1,9}))?\s*秒?)?)?\s*分?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Converts wall-clock time in a zone to UTC milliseconds; built once per zone. */
export type ZoneResolver = (wallClockMs: number) => number;

const resolvers = new Map<string, ZoneResolver>();

/** Returns a function mapping a naive wall-clock time (as if UTC) in `timeZone` to the UTC instant. */
export function zoneResolver(timeZone: string): ZoneResolver {
  const cached = resolvers.get(timeZone);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (utcMs: number): number => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(utcMs)) parts[part.type] = Number(part.value);
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  };
  // Offsets change at most a few times a year, so cache them per hour of wall-clock time.
  const byHour = new Map<number, number>();
  const resolver: ZoneResolver = (wallMs) => {
    const hour = Math.floor(wallMs / 3_600_000);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      const guess = wallMs - offsetAt(wallMs);
      offset = offsetAt(guess);
      if (byHour.size > 200_000) byHour.clear();
      byHour.set(hour, offset);
    }
    return wallMs - offset;
  };
  resolvers.set(timeZone, resolver);
  return resolver;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function digit(text: string, index: number): number {
  return text.charCodeAt(index) - 48;
}

/** Fast path for the most common form, `YYYY-MM-DD HH:MM:SS` (or `T`), naive. */
function parseCommon(text: string): number[] | undefined {
  if (text.length !== 19) return undefined;
  const c4 = text.charCodeAt(4);
  const c10 = text.charCodeAt(10);
  if (c4 !== 45 || text.charCodeAt(7) !== 45 || (c10 !== 32 && c10 !== 84)) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const parts = [
    digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3),
    digit(text, 5) * 10 + digit(text, 6),
    digit(text, 8) * 10 + digit(text, 9),
    digit(text, 11) * 10 + digit(text, 12),
    digit(text, 14) * 10 + digit(text, 15),
    digit(text, 17) * 10 + digit(text, 18),
  ];
  for (const part of parts) if (!(part >= 0)) return undefined;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
    const d = digit(text, i);
    if (d < 0 || d > 9) return undefined;
  }
  return parts;
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number | undefined,
  resolve: ZoneResolver,
): ParseResult<number> {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `year ${year} out of range ${MIN_YEAR}–${MAX_YEAR}` };
  if (!isValidCivilDate(year, month, day)) return { ok: false, reason: 'impossible date' };
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) {
    return { ok: false, reason: 'impossible time of day' };
  }
  const wall = dayNumberOf(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + Math.min(second, 59)) * 1000 + millis;
  return { ok: true, value: offsetMinutes === undefined ? resolve(wall) : wall - offsetMinutes * 60_000 };
}

/** Parses a timestamp; naive times are read in the zone behind `resolve`. */
export function parseTimestamp(input: unknown, resolve: ZoneResolver): ParseResult<number> {
  if (typeof input === 'number' || typeof input === 'bigint') return fromEpoch(Number(input));
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isFinite(ms) ? { ok: true, value: ms } : { ok: false, reason: 'invalid date' };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'not a timestamp' };
  const text = input.trim();
  const common = parseCommon(text);
  if (common) {
    return fromParts(common[0]!, common[1]!, common[2]!, common[3]!, common[4]!, common[5]!, 0, undefined, resolve);
  }
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));
  const match = GENERAL.exec(text);
  if (!match) return { ok: false, reason: 'not a recognised date/time' };
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  let offset: number | undefined;
  if (zone) {
    if (zone.toUpperCase() === 'Z') offset = 0;
    else {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    }
  }
  const millis = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  return fromParts(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), millis, offset, resolve);
}

/** Epoch times before this are not taken as epoch times (see fromEpoch). */
const EPOCH_FROM_MS = Date.UTC(2000, 0, 1);

/**
 * Epoch numbers: up to 11 digits are seconds, more are milliseconds. Only times from 2000 on are read
 * as epoch times: smaller numbers are other things that happen to be numbers — an Excel serial date
 * (45296), a yyyymmdd day (20240105) — and reading them as 1970 would store a wrong date silently.
 */
function fromEpoch(value: number): ParseResult<number> {
  if (!Number.isFinite(value)) return { ok: false, reason: 'not a finite number' };
  const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  if (ms < EPOCH_FROM_MS)
    return { ok: false, reason: 'a number that is not an epoch time from 2000 on (an Excel serial date or yyyymmdd? send the date as text)' };
  const year = new Date(ms).getUTCFullYear();
  if (year > MAX_YEAR) return { ok: false, reason: `year ${year} out of range ${MIN_YEAR}–${MAX_YEAR}` };
  return { ok: true, value: Math.round(ms) };
}

/**
 * Parses a calendar date (`2024-01-05`, `2024/1/5`, `2024年1月5日`) to `YYYY-MM-DD`. A time part is
 * accepted only at midnight (spreadsheets write dates so): any other time means the row is for an hour,
 * which a day cannot hold — weather, the only dated entity, takes the hour in a column of its own.
 */
export function parseDate(input: unknown): ParseResult<string> {
  if (input instanceof Date) return { ok: true, value: input.toISOString().slice(0, 10) };
  if (typeof input !== 'string') return { ok: false, reason: 'not a date' };
  const match = GENERAL.exec(input.trim());
  if (!match) return { ok: false, reason: 'not a recognised date' };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `year ${year} out of range ${MIN_YEAR}–${MAX_YEAR}` };
  if (!isValidCivilDate(year, month, day)) return { ok: false, reason: 'impossible date' };
  const [hour, minute, second, fraction] = [match[4], match[5], match[6], match[7]].map((part) => Number(part ?? 0));
  if (hour! + minute! + second! + fraction! > 0)
    return { ok: false, reason: 'a day with a time of day; an hourly row gives its hour (0–23) in the hour column (小时)' };
  return { ok: true, value: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

const fixedOffsets = new Map<string, FixedOffset | null>();

/** A zone's constant UTC offset from an instant onwards (to 2100 at least). */
export interface FixedOffset {
  readonly minutes: number;
  /** UTC epoch ms from which the offset holds (the zone's last change, e.g. China's end of DST in 1991). */
  readonly since: number;
}

/**
 * The zone's offset when it has stopped changing (no daylight saving: Asia/Shanghai since 1991), else
 * null. Lets SQL shift recent times by a constant instead of converting each row through the zone
 * database. Sampled weekly back from 2100, finer than any daylight-saving period.
 */
export function fixedOffsetMinutes(timeZone: string): FixedOffset | null {
  const known = fixedOffsets.get(timeZone);
  if (known !== undefined) return known;
  const resolve = zoneResolver(timeZone);
  const week = 7 * 86_400_000;
  const offsetAt = (wall: number) => wall - resolve(wall);
  const end = Date.UTC(2100, 0, 1);
  const latest = offsetAt(end);
  let since = Date.UTC(1900, 0, 1);
  for (let wall = end - week; wall > since; wall -= week) {
    if (offsetAt(wall) !== latest) {
      since = wall + week;
      break;
    }
  }
  const result = latest % 60_000 === 0 && since < Date.UTC(2000, 0, 1) ? { minutes: latest / 60_000, since: since - latest } : null;
  fixedOffsets.set(timeZone, result);
  return result;
}
