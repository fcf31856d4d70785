/**
 * Shapes of GET /api/v1/flow/holidays and /flow/peaks as the forecast page reads them (see
 * src/query/flow-holidays.ts and src/query/flow-peaks.ts, analysis/flow/allocate-peaks.ts).
 */

export interface BandValues {
  readonly yhat: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}

export interface HolidayForecastDay {
  readonly date: string;
  /** 1-based day of the holiday period. */
  readonly day: number;
  readonly forecast: BandValues | null;
  /** The same holiday day last year and its actual value. */
  readonly lastYear: { readonly date: string; readonly value: number } | null;
}

export interface HolidayForecastPeriod {
  readonly holiday: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly start: string;
  readonly end: string;
  readonly length: number;
  readonly makeupWorkdays: readonly string[];
  /** The dates are not yet announced by the State Council: computed by the usual rule. */
  readonly provisional: boolean;
  readonly days: readonly HolidayForecastDay[];
  readonly total: number | null;
  readonly lastYearTotal: number | null;
  readonly upliftOverNormal: number | null;
  readonly normalDay: number | null;
  readonly upliftOverLastYear: number | null;
}

export interface HolidayForecast {
  readonly metric: string;
  readonly target: { readonly level: string; readonly value?: string };
  readonly historyEnd: string;
  readonly periods: readonly HolidayForecastPeriod[];
  readonly backtest: { readonly mase: number; readonly smape: number } | null;
}

export type DayType = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface HourlyProfile {
  readonly dayType: DayType;
  /** Whose history the shape comes from (another day type after a fallback, or `all`). */
  readonly source: string;
  readonly fallback: boolean;
  readonly days: number;
  /** 24 shares of the day's flow, hour 0 first. */
  readonly shares: readonly number[];
}

export interface HourPlan {
  readonly hour: number;
  readonly open: boolean;
  readonly share: number;
  readonly visitors: number;
  readonly upperVisitors: number | null;
  readonly staff: number;
  readonly staffUpper: number | null;
  readonly capacity: number | null;
  readonly quota: number | null;
  readonly utilisation: number | null;
  readonly upperUtilisation: number | null;
  readonly overCapacity: boolean;
  readonly upperOverCapacity: boolean | null;
}

export interface PeakPlan {
  readonly date: string;
  readonly dayType: DayType;
  readonly profileSource: string;
  readonly profileDays: number;
  readonly visitors: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly hours: readonly HourPlan[];
  readonly peakWindow: {
    readonly startHour: number;
    readonly endHour: number;
    readonly hours: number;
    readonly visitors: number;
    readonly share: number;
  } | null;
  readonly busiestHour: { readonly hour: number; readonly visitors: number; readonly share: number } | null;
  readonly peakStaff: number;
  readonly peakStaffUpper: number | null;
  readonly staffHours: number;
  readonly staffHoursUpper: number | null;
  readonly capacity: number | null;
  readonly quota: number | null;
  readonly utilisation: number | null;
  readonly upperUtilisation: number | null;
  readonly overCapacity: boolean;
  readonly upperOverCapacity: boolean | null;
  readonly reasons: readonly string[];
}

export interface PeakVenue {
  readonly venueId: string;
  readonly name: string | null;
  readonly type: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly capacityPerDay: number | null;
  readonly capacityPerHour: number | null;
}

export interface PeakResult {
  readonly venue: PeakVenue;
  readonly historyEnd: string;
  readonly staffThroughput: number;
  readonly targetUtilisation: number;
  readonly profiles: {
    readonly byDayType: Readonly<Record<DayType, HourlyProfile>>;
    readonly daysByType: Readonly<Record<DayType, number>>;
    readonly totalDays: number;
    readonly minDays: number;
  };
  readonly days: readonly PeakPlan[];
  readonly overCapacityDays: readonly string[];
}
