/**
 * Peak-period allocation for a venue: its hourly flow shape by day type from the last 180 days,
 * laid over the daily visitor forecast, against its capacity and a staff throughput (see
 * analysis/flow/allocate-peaks.ts for the rules).
 */
import { addDays } from '../domain/calendar/civil-date.ts';
import { parseWholeNumber, QueryError, type QueryScope } from '../analysis/metrics/metric-query.ts';
import { buildHourlyProfiles, type HourlyProfiles } from '../analysis/flow/hourly-profile.ts';
import { allocatePeaks, type PeakPlan } from '../analysis/flow/allocate-peaks.ts';
import type { Store } from '../store/store.ts';
import { queryMetrics } from './query-metrics.ts';
import { forecastFlow, lastCompleteDay, loadVenues, STORED_HORIZON, type FlowOptions, type VenueInfo } from './flow-forecast.ts';

/** Days of hourly history the profiles are built from. */
const PROFILE_DAYS = 180;

export interface PeakRequest {
  readonly venue: string;
  /** Days to plan, 1–90 (default 7). */
  readonly days?: number | undefined;
  /** Visitors one member of staff serves per hour (default 60). */
  readonly staffThroughput?: number | undefined;
  /** Utilisation to stay under, 0–1 (default 0.85). */
  readonly targetUtilisation?: number | undefined;
}

export interface PeakResult {
  readonly venue: VenueInfo;
  readonly historyEnd: string;
  readonly staffThroughput: number;
  readonly targetUtilisation: number;
  readonly profiles: HourlyProfiles;
  readonly days: readonly PeakPlan[];
  /** Dates whose forecast (or upper band) goes over capacity × target. */
  readonly overCapacityDays: readonly string[];
}

/** Parses the numeric parameters of a peak request as they arrive (strings); throws QueryError. */
export function parsePeakRequest(input: {
  venue?: string | undefined;
  days?: string | undefined;
  throughput?: string | undefined;
  target?: string | undefined;
}): PeakRequest {
  if (!input.venue) throw new QueryError('venue', 'give the venue to plan for');
  /** A decimal number written plainly (digits, one point): no hexadecimal, exponent, sign or spaces. */
  const number = (field: string, text: string | undefined, check: (v: number) => boolean, rule: string): number | undefined => {
    if (text === undefined || text === '') return undefined;
    const value = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value) || !check(value)) throw new QueryError(field, `${field} must be ${rule}, got "${text}"`);
    return value;
  };
  return {
    venue: input.venue,
    days: parseWholeNumber('days', input.days, { min: 1, max: STORED_HORIZON }),
    staffThroughput: number('throughput', input.throughput, (v) => v > 0, 'a positive number of visitors per staff-hour'),
    targetUtilisation: number('target', input.target, (v) => v > 0 && v <= 1, 'a share above 0 and at most 1 (e.g. 0.85)'),
  };
}

/** Plans staff and time-slot quotas for the coming days of one venue. */
export async function planPeaks(store: Store, request: PeakRequest, scope: QueryScope, options: FlowOptions): Promise<PeakResult> {
  const [venue] = await loadVenues(store, request.venue);
  if (!venue) throw new QueryError('venue', `no venue ${request.venue} in the catalog`);
  if (scope.provinces && (venue.province === null || !scope.provinces.includes(venue.province))) {
    throw new QueryError('venue', `venue ${request.venue} is outside the provinces you may see`);
  }
  const days = request.days ?? 7;
  const staffThroughput = request.staffThroughput ?? 60;
  const targetUtilisation = request.targetUtilisation ?? 0.85;
  const historyEnd = await lastCompleteDay(store, options);
  if (!historyEnd) throw new QueryError('data', 'there is no order or event data to plan from yet');
  const [hourly, flow] = await Promise.all([
    queryMetrics(
      store,
      {
        metrics: ['visitors'],
        by: ['day', 'hour_of_day'],
        where: [{ dimension: 'venue', op: 'eq', values: [venue.venueId] }],
        from: addDays(historyEnd, -(PROFILE_DAYS - 1)),
        to: historyEnd,
      },
      scope,
      options,
    ),
    forecastFlow(store, { metric: 'visitors', target: { level: 'venue', value: venue.venueId }, horizon: days }, scope, options),
  ]);
  const profiles = buildHourlyProfiles(
    hourly.rows.map((r) => ({ date: String(r.day).slice(0, 10), hour: Number(r.hour_of_day), visitors: Number(r.visitors ?? 0) })),
  );
  const plans = allocatePeaks({
    days: flow.forecast.points.map((p) => ({ date: p.ds, visitors: p.yhat, lower: p.lower80, upper: p.upper80 })),
    profiles,
    capacityPerDay: venue.capacityPerDay,
    capacityPerHour: venue.capacityPerHour,
    staffThroughputPerHour: staffThroughput,
    targetUtilisation,
  });
  return {
    venue,
    historyEnd,
    staffThroughput,
    targetUtilisation,
    profiles,
    days: plans,
    overCapacityDays: plans.filter((p) => p.overCapacity || p.upperOverCapacity === true).map((p) => p.date),
  };
}
