/**
 * The regular time grid a series is forecast on: one slot per day or per hour. Labels (`ds`) are
 * civil dates (`YYYY-MM-DD`) or local hours (`YYYY-MM-DD HH:00`, also read with `T` and seconds), with
 * no time zone: forecasting happens in the business's local calendar, where holidays live.
 */
import { fromDayNumber, isValidCivilDate, toDayNumber } from '../../domain/calendar/civil-date.ts';

export type Frequency = 'daily' | 'hourly';

/** A slot on the grid: days since 1970-01-01, and the hour for hourly grids. */
export interface Slot {
  /** Position on the grid: the day number (daily) or day number × 24 + hour (hourly). */
  readonly step: number;
  readonly date: string;
  readonly dayNumber: number;
  /** 0–23 on hourly grids, 0 on daily ones. */
  readonly hour: number;
}

const LABEL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?$/;

/** A `ds` label read onto a grid, or why it cannot be. */
export type ParsedLabel = { ok: true; frequency: Frequency; step: number } | { ok: false; reason: string };

/** Reads one `ds` label. A label with a time of day is hourly; minutes and seconds must be zero. */
export function parseSlotLabel(label: string): ParsedLabel {
  const match = LABEL.exec(label.trim());
  if (!match) return { ok: false, reason: 'expected a date YYYY-MM-DD or an hour YYYY-MM-DD HH:00' };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isValidCivilDate(year, month, day)) return { ok: false, reason: 'no such date' };
  const dayNumber = toDayNumber(`${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  if (match[4] === undefined) return { ok: true, frequency: 'daily', step: dayNumber };
  const hour = Number(match[4]);
  if (hour > 23) return { ok: false, reason: 'hour must be 0-23' };
  if (Number(match[5] ?? 0) !== 0 || Number(match[6] ?? 0) !== 0 || Number(match[7] ?? 0) !== 0) {
    return { ok: false, reason: 'hourly labels must be on the hour' };
  }
  return { ok: true, frequency: 'hourly', step: dayNumber * 24 + hour };
}

/** The slot at a grid position. */
export function slotAt(step: number, frequency: Frequency): Slot {
  const dayNumber = frequency === 'daily' ? step : Math.floor(step / 24);
  return { step, dayNumber, date: fromDayNumber(dayNumber), hour: frequency === 'daily' ? 0 : step - dayNumber * 24 };
}

/** The label of a grid position, in the form the CLI writes. */
export function slotLabel(step: number, frequency: Frequency): string {
  const slot = slotAt(step, frequency);
  return frequency === 'daily' ? slot.date : `${slot.date} ${String(slot.hour).padStart(2, '0')}:00`;
}

/** The seasonal period used for naive forecasts and MASE: a week of slots. */
export function weekOf(frequency: Frequency): number {
  return frequency === 'daily' ? 7 : 168;
}
