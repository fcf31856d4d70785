/**
 * How users move between lifecycle stages over a period. Each user's stage is reconstructed as of a
 * series of days (the day before the period, the end of each week or month in it, its last day) from
 * their orders, events and registration, by the same rules the profile computation applies on its
 * as-of day (analysis/profiles/profile-rules.ts; the SQL mirrors store/duckdb/profile-sql.ts). The
 * stored stage history (profile_stages) only holds the days profiles were computed on, so it cannot
 * show a flow over months on its own; on the as-of day the reconstruction and the stored profiles agree.
 *
 * Orders count with their current status (an order refunded later no longer counts as a purchase on
 * the day it was made), as they do in the profiles.
 */
import { parsePeriod, parseWholeNumber, QueryError, type QueryScope } from '../analysis/metrics/metric-query.ts';
import { LIFECYCLE_RULES, LIFECYCLE_STAGES } from '../analysis/profiles/profile-rules.ts';
import { compileSegmentWhere, type SegmentRule } from '../analysis/profiles/segment-rules.ts';
import { addDays, civilOf, daysInMonth, isoWeekday, toDayNumber } from '../domain/calendar/civil-date.ts';
import { fixedOffsetMinutes } from '../domain/values/parse-timestamp.ts';
import type { Store } from '../store/store.ts';
import { lastCompleteDay, type FlowOptions } from './flow-forecast.ts';

export type LifecycleGrain = 'week' | 'month';

/** Most snapshot days one request may ask for (each is a pass over the users' activity). */
export const MAX_SNAPSHOTS = 60;

/** Longest stage history of one user, in days (ten years; MAX_SNAPSHOTS caps it further per grain). */
const MAX_HISTORY_DAYS = 3660;

/** The source stage of users who had no stage yet at the earlier day (no activity, not registered). */
export const ENTERED = 'entered';

export interface LifecycleSnapshot {
  /** The day the stages are taken at (end of that day, business zone). */
  readonly day: string;
  /** Users per stage on that day (every stage listed). */
  readonly stages: Readonly<Record<string, number>>;
  readonly users: number;
}

export interface LifecycleTransition {
  readonly from: string;
  readonly to: string;
  readonly users: number;
}

export interface LifecycleStep {
  /** The step runs from the end of `start` to the end of `end`. */
  readonly start: string;
  readonly end: string;
  /** Every (from, to) pair with users, staying in a stage included; ENTERED as `from` for newcomers. */
  readonly transitions: readonly LifecycleTransition[];
}

export interface LifecycleFlow {
  readonly grain: LifecycleGrain;
  /** The day profiles describe (or the last complete day of data); the flow never goes past it. */
  readonly asOf: string;
  /** The period asked, clamped to asOf. */
  readonly from: string;
  readonly to: string;
  readonly stages: readonly string[];
  /** First the day before `from` (where the period starts from), then the end of each grain, then `to`. */
  readonly snapshots: readonly LifecycleSnapshot[];
  /** Between consecutive snapshots. */
  readonly steps: readonly LifecycleStep[];
  /** From the first snapshot to the last: the whole period in one step (for a Sankey). */
  readonly period: LifecycleStep;
}

/** Last day of the week (Sunday) or month containing `day`. */
function endOfGrain(day: string, grain: LifecycleGrain): string {
  if (grain === 'week') return addDays(day, 7 - isoWeekday(day));
  const { year, month } = civilOf(toDayNumber(day));
  return `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/**
 * The days stages are taken at for a period: the day before `from`, the end of every week or month
 * that ends inside the period, and `to`. Pure.
 */
export function lifecycleSnapshotDays(from: string, to: string, grain: LifecycleGrain): string[] {
  // The longest period is MAX_SNAPSHOTS weeks or months, counted below.
  parsePeriod({ from, to }, { required: true });
  const days = [addDays(from, -1)];
  for (let end = endOfGrain(from, grain); end < to; end = endOfGrain(addDays(end, 1), grain)) {
    days.push(end);
    if (days.length > MAX_SNAPSHOTS) break;
  }
  days.push(to);
  if (days.length > MAX_SNAPSHOTS)
    throw new QueryError('to', `the period has more than ${MAX_SNAPSHOTS} ${grain}s: choose a shorter period or a coarser grain`);
  return days;
}

/** Local wall-clock time of a stored UTC column, binding the zone (a constant shift where the zone has a fixed offset). */
function localTime(column: string, timeZone: string, bind: (value: string) => string): string {
  const converted = `timezone(CAST(${bind(timeZone)} AS VARCHAR), timezone('UTC', ${column}))`;
  const fixed = fixedOffsetMinutes(timeZone);
  if (fixed === null) return converted;
  const since = new Date(fixed.since).toISOString().replace('T', ' ').replace('Z', '');
  return `CASE WHEN ${column} >= CAST(${bind(since)} AS TIMESTAMP) THEN ${column} + INTERVAL ${fixed.minutes} MINUTE ELSE ${converted} END`;
}

/** Whose stages to follow: the users matching rules (by their current profile) in a scope, or one user. */
type Members =
  { readonly rules: readonly SegmentRule[]; readonly scope: QueryScope } | { readonly userId: string; readonly scope: QueryScope };

/** The SQL of the users' stages on each snapshot day, as (i, user_id, stage). */
function stagesSql(days: readonly string[], who: Members, timeZone: string) {
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const lc = LIFECYCLE_RULES;
  const values = days.map((day, i) => `(CAST(${bind(day)} AS DATE), ${i})`).join(', ');
  const last = `CAST(${bind(days[days.length - 1]!)} AS DATE)`;
  const first = `CAST(${bind(days[0]!)} AS DATE)`;
  const orderDay = `CAST(${localTime('o.created_at', timeZone, bind)} AS DATE)`;
  const eventDay = `CAST(${localTime('e.occurred_at', timeZone, bind)} AS DATE)`;
  // Rows are read up to the last snapshot: a cheap bound on the stored UTC time first (a day of slack).
  const upTo = (column: string) => `${column} < ${last} + INTERVAL 2 DAY`;
  const rules = 'rules' in who ? who.rules : [];
  const filtered = 'userId' in who || rules.length > 0 || who.scope.provinces !== undefined;
  const members = filtered
    ? (() => {
        const where = compileSegmentWhere(rules, who.scope, params.length + 1);
        params.push(...where.params);
        const one = 'userId' in who ? `AND user_id = ${bind(who.userId)}` : '';
        return `AND user_id IN (SELECT user_id FROM profiles WHERE ${where.sql} ${one})`;
      })()
    : '';
  const sql = `
    WITH days(d, i) AS (VALUES ${values}),
    activity AS (
      SELECT DISTINCT user_id, day FROM (
        SELECT o.user_id, ${orderDay} AS day FROM orders o WHERE ${upTo('o.created_at')}
        UNION ALL
        SELECT e.user_id, ${eventDay} FROM events e WHERE e.user_id IS NOT NULL AND ${upTo('e.occurred_at')}
      ) WHERE day <= ${last} ${members}),
    purchases AS (
      SELECT user_id, day, count(*) AS n FROM (
        SELECT o.user_id, ${orderDay} AS day FROM orders o
        WHERE o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded') AND ${upTo('o.created_at')}
      ) WHERE day <= ${last} AND day > ${first} - ${2 * lc.growingWindowDays} ${members} GROUP BY ALL),
    registered AS (
      SELECT user_id, CAST(any_value(registered_at) AS DATE) AS registered FROM users WHERE true ${members} GROUP BY user_id),
    active AS (
      SELECT a.user_id, days.i, min(a.day) AS first_active, max(a.day) AS last_active,
        min(a.day) FILTER (WHERE a.day > days.d - ${lc.activeDays}) AS first_recent,
        max(a.day) FILTER (WHERE a.day <= days.d - ${lc.activeDays}) AS before_recent
      FROM activity a JOIN days ON a.day <= days.d GROUP BY ALL),
    bought AS (
      SELECT p.user_id, days.i,
        sum(p.n) FILTER (WHERE p.day > days.d - ${lc.growingWindowDays}) AS recent_purchases,
        sum(p.n) FILTER (WHERE p.day <= days.d - ${lc.growingWindowDays}) AS earlier_purchases
      FROM purchases p JOIN days ON p.day <= days.d AND p.day > days.d - ${2 * lc.growingWindowDays} GROUP BY ALL),
    present AS (
      SELECT user_id, i FROM active
      UNION SELECT r.user_id, days.i FROM registered r, days WHERE r.registered IS NULL OR r.registered <= days.d),
    -- Read three times below: computed once.
    stages AS MATERIALIZED (
      SELECT present.user_id, present.i,
        CASE
          WHEN a.last_active IS NULL THEN '${lc.noActivityStage}'
          WHEN least(a.first_active, coalesce(r.registered, a.first_active)) > days.d - ${lc.newDays} THEN 'new'
          WHEN a.last_active <= days.d - ${lc.churnedAfterDays} THEN 'churned'
          WHEN a.last_active <= days.d - ${lc.activeDays} THEN 'at_risk'
          WHEN a.before_recent IS NOT NULL AND date_diff('day', a.before_recent, a.first_recent) > ${lc.churnedAfterDays} THEN 'reactivated'
          WHEN coalesce(b.recent_purchases, 0) >= ${lc.growingMinPurchases} AND b.recent_purchases > coalesce(b.earlier_purchases, 0) THEN 'growing'
          ELSE 'active'
        END AS stage
      FROM present JOIN days USING (i)
        LEFT JOIN active a USING (user_id, i) LEFT JOIN bought b USING (user_id, i) LEFT JOIN registered r USING (user_id))`;
  return { sql, params };
}

/** The last day stages can be taken at: the day profiles describe, or the last complete day of data. */
async function flowAsOf(store: Store, options: FlowOptions): Promise<string> {
  const [run] = await store.profileRuns(1);
  const asOf = run?.asOf ?? (await lastCompleteDay(store, options));
  if (!asOf) throw new QueryError('data', 'there are no orders or events to follow lifecycle stages in yet');
  return asOf;
}

/**
 * Stage counts on each snapshot day of the period, the moves between consecutive ones, and the move
 * over the whole period, for the users matching `rules` (their current profile) within the scope.
 */
export async function profileLifecycleFlow(
  store: Store,
  request: { from: string; to: string; grain?: LifecycleGrain | undefined; rules?: readonly SegmentRule[] },
  scope: QueryScope,
  options: FlowOptions,
): Promise<LifecycleFlow> {
  const grain = request.grain ?? 'month';
  // The period as asked is checked before it is clamped: a day outside the supported range is refused.
  parsePeriod(request, { required: true });
  const asOf = await flowAsOf(store, options);
  const to = request.to > asOf ? asOf : request.to;
  if (request.from > to) throw new QueryError('from', `the period starts after the last day with data (${asOf})`);
  const days = lifecycleSnapshotDays(request.from, to, grain);
  const { sql, params } = stagesSql(days, { rules: request.rules ?? [], scope }, options.timeZone);
  const lastIndex = days.length - 1;
  const rows = await store.runQuery({
    sql: `${sql}
      SELECT 'count' AS kind, i, NULL AS from_stage, stage AS to_stage, count(*) AS users FROM stages GROUP BY ALL
      UNION ALL
      SELECT 'step', b.i, coalesce(a.stage, '${ENTERED}'), b.stage, count(*) FROM stages b
        LEFT JOIN stages a ON a.user_id = b.user_id AND a.i = b.i - 1 WHERE b.i > 0 GROUP BY ALL
      UNION ALL
      SELECT 'period', b.i, coalesce(a.stage, '${ENTERED}'), b.stage, count(*) FROM stages b
        LEFT JOIN stages a ON a.user_id = b.user_id AND a.i = 0 WHERE b.i = ${lastIndex} GROUP BY ALL`,
    params,
  });
  const byKind = (kind: string) => rows.filter((r) => r.kind === kind);
  const transitionsOf = (list: typeof rows): LifecycleTransition[] =>
    list
      .map((r) => ({ from: String(r.from_stage), to: String(r.to_stage), users: Number(r.users) }))
      .sort((a, b) => b.users - a.users || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const snapshots = days.map((day, i) => {
    const counts = byKind('count').filter((r) => Number(r.i) === i);
    const stages = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0]));
    for (const r of counts) stages[String(r.to_stage)] = Number(r.users);
    return { day, stages, users: counts.reduce((sum, r) => sum + Number(r.users), 0) };
  });
  const steps = days.slice(1).map((end, k) => ({
    start: days[k]!,
    end,
    transitions: transitionsOf(byKind('step').filter((r) => Number(r.i) === k + 1)),
  }));
  return {
    grain,
    asOf,
    from: request.from,
    to,
    stages: LIFECYCLE_STAGES,
    snapshots,
    steps,
    period: { start: days[0]!, end: days[lastIndex]!, transitions: transitionsOf(byKind('period')) },
  };
}

export interface UserStageHistory {
  readonly userId: string;
  readonly grain: LifecycleGrain;
  /** The stages taken, at the end of each week or month of the last `days` days up to asOf. */
  readonly from: string;
  readonly to: string;
  /** One entry per change: the stage and the first snapshot day it was seen (null stage: not a user yet). */
  readonly changes: readonly { readonly stage: string | null; readonly since: string }[];
}

/**
 * One user's lifecycle stages at the end of each week (or month) over the last `days` days,
 * reconstructed like the flow, as the list of changes. Null when the user has no profile in the scope.
 */
export async function userStageHistory(
  store: Store,
  userId: string,
  request: { days?: number | string | undefined; grain?: LifecycleGrain | undefined },
  scope: QueryScope,
  options: FlowOptions,
): Promise<UserStageHistory | null> {
  const grain = request.grain ?? 'week';
  // As given (a query parameter's text or a number); the snapshot count below is the real limit.
  const span = parseWholeNumber('days', request.days, { min: 1, max: MAX_HISTORY_DAYS }) ?? 364;
  const asOf = await flowAsOf(store, options);
  const from = addDays(asOf, -(span - 1));
  let days: string[];
  try {
    days = lifecycleSnapshotDays(from, asOf, grain);
  } catch (error) {
    // The period here is set by `days` alone.
    if (error instanceof QueryError) throw new QueryError('days', error.message);
    throw error;
  }
  const { sql, params } = stagesSql(days, { userId, scope }, options.timeZone);
  const visible = compileSegmentWhere([], scope, 2);
  const [known] = await store.runQuery({
    sql: `SELECT count(*) AS n FROM profiles WHERE user_id = $1 AND ${visible.sql}`,
    params: [userId, ...visible.params],
  });
  if (Number(known?.n ?? 0) === 0) return null;
  const rows = await store.runQuery({ sql: `${sql} SELECT i, stage FROM stages ORDER BY i`, params });
  const stageOn = new Map(rows.map((r) => [Number(r.i), String(r.stage)]));
  const changes: { stage: string | null; since: string }[] = [];
  days.forEach((day, i) => {
    const stage = stageOn.get(i) ?? null;
    if (changes.length === 0 || changes.at(-1)!.stage !== stage) changes.push({ stage, since: day });
  });
  return { userId, grain, from: days[0]!, to: asOf, changes };
}
