/**
 * Holiday forecasts: for each public holiday period in the forecast window, the forecast day by day
 * next to the same holiday last year aligned by holiday day (Spring Festival day 1 against last
 * year's day 1, whatever the dates), with the uplift over a normal week and over last year.
 *
 * A normal week is the mean daily forecast of the plain days (no holiday, make-up workday, or
 * holiday within three days) in the four weeks before the period; when the period starts too soon
 * for seven of them, the plain days of the last four weeks of history stand in.
 */
import { addDays } from '../domain/calendar/civil-date.ts';
import {
  dayType,
  HOLIDAY_LABELS,
  holidayDayIn,
  holidayPeriods,
  holidayProximity,
  type HolidayName,
} from '../domain/calendar/cn-holidays.ts';
import type { QueryScope } from '../analysis/metrics/metric-query.ts';
import type { ForecastPoint } from '../analysis/forecast/forecast-series.ts';
import type { Store } from '../store/store.ts';
import { forecastFlow, loadTargetDaily, STORED_HORIZON, type FlowMetric, type FlowOptions, type FlowTarget } from './flow-forecast.ts';

export interface HolidayForecastDay {
  readonly date: string;
  /** 1-based day of the holiday period. */
  readonly day: number;
  readonly forecast: Pick<ForecastPoint, 'yhat' | 'lower80' | 'upper80' | 'lower95' | 'upper95'> | null;
  /** The same holiday day last year and its actual value (null when last year's period was shorter). */
  readonly lastYear: { readonly date: string; readonly value: number } | null;
}

export interface HolidayForecastPeriod {
  readonly holiday: HolidayName;
  readonly label: { readonly zh: string; readonly en: string };
  readonly start: string;
  readonly end: string;
  readonly length: number;
  readonly makeupWorkdays: readonly string[];
  readonly provisional: boolean;
  readonly days: readonly HolidayForecastDay[];
  /** Sum of the forecast over the days forecast (the whole period unless it runs past the window). */
  readonly total: number | null;
  readonly lastYearTotal: number | null;
  /** Mean daily forecast over the holiday ÷ a normal day − 1. */
  readonly upliftOverNormal: number | null;
  readonly normalDay: number | null;
  /** Total forecast ÷ last year's total over the same holiday days − 1. */
  readonly upliftOverLastYear: number | null;
}

export interface HolidayForecast {
  readonly metric: FlowMetric;
  readonly target: FlowTarget;
  readonly historyEnd: string;
  readonly periods: readonly HolidayForecastPeriod[];
  readonly backtest: { readonly mase: number; readonly smape: number } | null;
}

const isPlainDay = (date: string): boolean => {
  const type = dayType(date);
  return (type === 'workday' || type === 'weekend') && holidayProximity(date, 3) === undefined;
};

const meanOf = (values: readonly number[]): number | null => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Holiday periods starting within the forecast window, each with its day-by-day comparison. */
export async function forecastHolidays(
  store: Store,
  request: { metric: FlowMetric; target: FlowTarget },
  scope: QueryScope,
  options: FlowOptions,
): Promise<HolidayForecast> {
  const flow = await forecastFlow(store, { ...request, horizon: STORED_HORIZON }, scope, options);
  const { historyEnd } = flow;
  const windowEnd = addDays(historyEnd, STORED_HORIZON);
  const byDate = new Map(flow.forecast.points.map((p) => [p.ds, p]));
  const year = Number(historyEnd.slice(0, 4));
  const upcoming = [year, year + 1].flatMap((y) => holidayPeriods(y)).filter((p) => p.end > historyEnd && p.start <= windowEnd);

  const recentHistory = await loadTargetDaily(
    store,
    request.metric,
    request.target,
    { from: addDays(historyEnd, -27), to: historyEnd },
    scope,
    options,
  );
  const historyNormal = meanOf([...recentHistory].filter(([date]) => isPlainDay(date)).map(([, v]) => v));

  const periods: HolidayForecastPeriod[] = [];
  for (const period of upcoming) {
    const days: { date: string; day: number; lastYearDate: string | undefined }[] = [];
    for (let day = 1; day <= period.length; day++) {
      days.push({ date: addDays(period.start, day - 1), day, lastYearDate: holidayDayIn(period.holiday, day, period.year - 1) });
    }
    const lastYearDates = days.map((d) => d.lastYearDate).filter((d): d is string => d !== undefined);
    const lastYearValues =
      lastYearDates.length > 0
        ? await loadTargetDaily(
            store,
            request.metric,
            request.target,
            { from: lastYearDates[0]!, to: lastYearDates[lastYearDates.length - 1]! },
            scope,
            options,
          )
        : new Map<string, number>();
    const hasLastYear = lastYearDates.length > 0 && lastYearDates[0]! >= flow.forecast.history.from;
    const forecastDays: HolidayForecastDay[] = days.map(({ date, day, lastYearDate }) => {
      const point = byDate.get(date);
      return {
        date,
        day,
        forecast: point
          ? { yhat: point.yhat, lower80: point.lower80, upper80: point.upper80, lower95: point.lower95, upper95: point.upper95 }
          : null,
        lastYear: lastYearDate && hasLastYear ? { date: lastYearDate, value: lastYearValues.get(lastYearDate) ?? 0 } : null,
      };
    });
    const forecast = forecastDays.filter((d) => d.forecast !== null);
    const total = forecast.length > 0 ? forecast.reduce((s, d) => s + d.forecast!.yhat, 0) : null;
    const comparable = forecast.filter((d) => d.lastYear !== null);
    const lastYearTotal = comparable.length > 0 ? comparable.reduce((s, d) => s + d.lastYear!.value, 0) : null;
    const comparableForecast = comparable.reduce((s, d) => s + d.forecast!.yhat, 0);
    const before: number[] = [];
    for (let back = 1; back <= 28; back++) {
      const date = addDays(period.start, -back);
      const point = byDate.get(date);
      if (point && isPlainDay(date)) before.push(point.yhat);
    }
    const normalDay = before.length >= 7 ? meanOf(before) : historyNormal;
    periods.push({
      holiday: period.holiday,
      label: HOLIDAY_LABELS[period.holiday],
      start: period.start,
      end: period.end,
      length: period.length,
      makeupWorkdays: period.makeupWorkdays,
      provisional: period.provisional,
      days: forecastDays,
      total,
      lastYearTotal,
      normalDay,
      upliftOverNormal: total !== null && normalDay ? total / forecast.length / normalDay - 1 : null,
      upliftOverLastYear: lastYearTotal ? comparableForecast / lastYearTotal - 1 : null,
    });
  }
  const bt = flow.forecast.backtest;
  return {
    metric: request.metric,
    target: request.target,
    historyEnd,
    periods,
    backtest: bt ? { mase: bt.selected.mase, smape: bt.selected.smape } : null,
  };
}
