/**
 * truth.json: the parameters and effects that generated a demo data set, and what was written, so
 * forecasts, profiles and order analyses can be checked against known truth. Pure and free of
 * timings, so the same seed and options give a byte-identical file.
 */
import type { EntityKind } from '../domain/entities.ts';
import { HOLIDAY_CALENDAR_COVERAGE } from '../domain/calendar/cn-holidays.ts';
import { BEHAVIOUR_RATES } from './behaviour-model.ts';
import type { DemoStats, ErrorBurst } from './create-demo-simulation.ts';
import { LIFECYCLE_MODEL, type LifecycleStage } from './create-user-population.ts';
import { VENUE_MIX } from './create-venue-catalog.ts';
import { HEAVY_RAIN_MM } from './create-weather-simulator.ts';
import {
  HEAT_THRESHOLD_C,
  HOLIDAY_DAY_SHAPE_RULE,
  HOLIDAY_EVE_AND_AFTER,
  HOLIDAY_UPLIFT,
  HOURLY_PROFILE,
  OUTDOOR_TYPES,
  SHOPPING_FESTIVALS,
  SPRING_FESTIVAL_WEEKS,
  TREND_PER_YEAR,
  WEATHER_EFFECT,
  WEEKDAY_PROFILE,
  YEARLY_SEASONALITY,
} from './demand-model.ts';

/** Orders per user per day over a two-year window (calibrated: 1,000,000 users × 730 days ≈ 10 million). */
export const ORDERS_PER_USER_DAY = 0.0137;

/**
 * About how many distinct orders a run produces. Shorter windows hold relatively more fresh, active
 * users, so their rate is a little higher (≈ 0.015 per user-day for one year, 0.018 for 120 days).
 */
export function expectedOrderCount(users: number, days: number): number {
  return users * days * ORDERS_PER_USER_DAY * Math.pow(730 / days, 0.14);
}

export interface DemoTruthInput {
  readonly options: {
    readonly users: number;
    readonly days: number;
    readonly endDate: string;
    readonly seed: number;
    readonly format: string;
  };
  readonly startDate: string;
  readonly files: Readonly<Record<EntityKind, string>>;
  readonly rows: Readonly<Record<EntityKind, number>>;
  readonly stats: DemoStats;
  readonly venuesByType: Readonly<Record<string, number>>;
  readonly products: number;
  readonly lifecycleAtEnd: Readonly<Record<LifecycleStage | 'not_activated', number>>;
  readonly errorBursts: readonly ErrorBurst[];
  readonly daysOutsideCalendar: number;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

/** Builds the truth document. */
export function buildDemoTruth(input: DemoTruthInput): Record<string, unknown> {
  const { stats } = input;
  const meanVisits = Object.fromEntries(
    Object.entries(stats.visitsByDayType).map(([type, v]) => [type, v.days > 0 ? Math.round((v.visits / v.days) * 10) / 10 : null]),
  );
  const { dry, wet } = stats.outdoorVisits;
  return {
    generator: 'flowsight demo data',
    version: 1,
    seed: input.options.seed,
    options: input.options,
    startDate: input.startDate,
    endDate: input.options.endDate,
    timezone: 'Asia/Shanghai',
    timestampFormat: 'YYYY-MM-DD HH:MM:SS, naive local time in Asia/Shanghai (UTC+8)',
    files: input.files,
    rows: input.rows,
    distinctOrders: stats.orders,
    orders: {
      rows: input.rows.orders,
      ordersWithUpdateRows: stats.ordersWithUpdates,
      updateRows: stats.updateRows,
      updateRule: 'an order may appear again further down orders file with a later status and a later updated_at; keep the latest state',
      byKind: stats.ordersByKind,
      finalStatus: stats.finalStatus,
      realized: {
        cancelledShare: ratio(stats.finalStatus.cancelled, stats.orders),
        refundedShare: ratio(stats.finalStatus.refunded, stats.orders),
        ordersPerUserDay: ratio(stats.orders, input.options.users * input.options.days),
      },
      rates: {
        abandonedAttemptRate: BEHAVIOUR_RATES.abandonedAttemptRate,
        onlineUnpaidCancelRate: BEHAVIOUR_RATES.onlineUnpaidCancelRate,
        paidCancelRate: BEHAVIOUR_RATES.paidCancelRate,
        refundRate: BEHAVIOUR_RATES.refundRate,
        updateRowShare: BEHAVIOUR_RATES.updateRowShare,
        updateEveryStateShare: BEHAVIOUR_RATES.updateEveryStateShare,
        discountShare: BEHAVIOUR_RATES.discountShare,
      },
      expectedDistinctOrders: Math.round(expectedOrderCount(input.options.users, input.options.days)),
    },
    flow: {
      definition: 'a visit is an events row with event_type visit and the venue_id visited; daily flow = visits per venue and day',
      demandFormula:
        'visits(venue, day) ~ Poisson(visitsPerActivityDay × activityMass(day) × venueShare × calendar(type, day) × weather(type, city, day)), capped at capacity_per_day',
      visitsPerActivityDay: BEHAVIOUR_RATES.visitsPerActivityDay,
      weekdayProfile: { order: 'Monday..Sunday, mean 1', ...WEEKDAY_PROFILE },
      makeupWorkdayRule:
        'make-up workdays (调休上班) take the mean Monday-Friday factor; holidays replace the weekday factor by the uplift',
      museumsClosedOnMondays: true,
      yearlySeasonality: { formula: '1 + amplitude × cos(2π (dayOfYear − peakDayOfYear) / 365.25)', ...YEARLY_SEASONALITY },
      trendPerYear: TREND_PER_YEAR,
      holidayUplift: { relativeTo: 'an average day (weekly mean 1)', ...HOLIDAY_UPLIFT },
      holidayDayShape: HOLIDAY_DAY_SHAPE_RULE,
      holidayEveAndAfter: HOLIDAY_EVE_AND_AFTER,
      springFestivalWeeks: { window: '7 days before and after the period', ...SPRING_FESTIVAL_WEEKS },
      shoppingFestivals: { appliesTo: 'online', ...SHOPPING_FESTIVALS },
      weatherEffect: {
        outdoorTypes: [...OUTDOOR_TYPES],
        heatThresholdC: HEAT_THRESHOLD_C,
        heavyRainMm: HEAVY_RAIN_MM,
        byType: WEATHER_EFFECT,
        rainMultiplierOutdoor: WEATHER_EFFECT.scenic_spot.rain,
        heatMultiplierOutdoor: WEATHER_EFFECT.scenic_spot.heat,
      },
      hourlyProfile: { order: 'hours 0..23, shares sum to 1', ...HOURLY_PROFILE },
      localVisitorShare: BEHAVIOUR_RATES.localVisitorShare,
      venueMix: VENUE_MIX,
      realized: {
        visits: stats.visits,
        cappedVenueDays: stats.cappedVenueDays,
        meanDailyVisitsByDayType: meanVisits,
        outdoorVisitsPerExpected: {
          dry: ratio(dry.visits, dry.expectedWithoutWeather),
          rain: ratio(wet.visits, wet.expectedWithoutWeather),
        },
      },
    },
    conversion: {
      orderShareOfVisits: BEHAVIOUR_RATES.orderShareOfVisits,
      storePickupShare: BEHAVIOUR_RATES.storePickupShare,
      onlineOrdersPerActivityDay: BEHAVIOUR_RATES.onlineOrdersPerActivityDay,
      browseSessionsPerActivityDay: BEHAVIOUR_RATES.browseSessionsPerActivityDay,
      sessionSteps: BEHAVIOUR_RATES.session,
      browseSteps: BEHAVIOUR_RATES.browse,
      realized: {
        sessions: stats.sessions,
        convertingSessions: stats.convertingSessions,
        sessionToOrder: ratio(stats.convertingSessions, stats.sessions),
        eventsByType: Object.fromEntries(Object.entries(stats.eventsByType).sort(([a], [b]) => a.localeCompare(b))),
      },
    },
    lifecycle: {
      ...LIFECYCLE_MODEL,
      stageRule:
        'new for newDays after activation; active until lapsing starts lapsingDays before churn; churned until a possible return; returning for returningDays, then active',
      stagesAtEnd: input.lifecycleAtEnd,
    },
    catalog: { venues: input.venuesByType, products: input.products },
    logs: {
      rates: BEHAVIOUR_RATES.logs,
      byLevel: Object.fromEntries(Object.entries(stats.logsByLevel).sort(([a], [b]) => a.localeCompare(b))),
      errorBursts: input.errorBursts,
    },
    calendar: {
      source: 'domain/calendar/cn-holidays.ts (State Council notices)',
      coveredYears: [HOLIDAY_CALENDAR_COVERAGE.firstYear, HOLIDAY_CALENDAR_COVERAGE.lastYear],
      provisionalYears: HOLIDAY_CALENDAR_COVERAGE.provisionalYears,
      daysOutsideCoverage: input.daysOutsideCalendar,
    },
  };
}
