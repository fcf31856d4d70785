/**
 * The SQL that computes user profiles inside DuckDB, one statement per step, so a million users and
 * ten million orders never leave the database: purchase and activity aggregates, preferences, RFM
 * scores, spending tiers, lifecycle stage. The rules are documented in analysis/profiles/profile-rules.ts,
 * which owns the thresholds; this file only says them in SQL.
 *
 * Days are local days in the configured zone (a fixed offset where the zone has one, as the metrics
 * layer does). `as_of` is the last day included.
 */
import { fixedOffsetMinutes } from '../../domain/values/parse-timestamp.ts';
import { CHURN_RISK, LIFECYCLE_RULES, RFM_SEGMENT_RULES, SPENDING_TIERS } from '../../analysis/profiles/profile-rules.ts';

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Local wall-clock time of a stored UTC timestamp column. */
function local(column: string, timeZone: string): string {
  const fixed = fixedOffsetMinutes(timeZone);
  const converted = `timezone(${quote(timeZone)}, timezone('UTC', ${column}))`;
  if (fixed === null) return converted;
  const since = new Date(fixed.since).toISOString().replace('T', ' ').replace('Z', '');
  return `CASE WHEN ${column} >= TIMESTAMP ${quote(since)} THEN ${column} + INTERVAL ${fixed.minutes} MINUTE ELSE ${converted} END`;
}

/** Days of history preferences (top categories, venues, searches) are taken from. */
export const PREFERENCE_DAYS = 365;

const PREFERENCE_KINDS = [
  ['bought', 'top_categories'],
  ['venues', 'top_venues'],
  ['viewed', 'viewed_categories'],
  ['searched', 'searched_terms'],
] as const;

/**
 * The `count` largest of `counts` (SQL expressions for slots first, first + 1, …) as a list of slot
 * numbers, largest first, ties by the smaller slot; slots with no count are left out. Each count is
 * encoded as count × 100 + (99 − slot) so one descending sort orders both.
 */
function topOf(counts: readonly string[], count: number, first: number): string {
  const encoded = counts.map((c, i) => `${c} * 100 + ${99 - i}`).join(', ');
  return `list_transform(list_filter(list_reverse_sort([${encoded}]), v -> v >= 100)[1:${count}], v -> CAST(99 - v % 100 + ${first} AS INTEGER))`;
}

export interface ProfileSqlRequest {
  /** Last day included, YYYY-MM-DD. */
  readonly asOf: string;
  readonly timeZone: string;
  /** Only users with rows ingested after this time (UTC, ISO); all users when absent. */
  readonly changedSince?: string | undefined;
}

/**
 * Statements that fill temp table `profile_features` (one row per user with any order, event or
 * profile row). Run them in order on one connection.
 */
export function profileFeatureStatements(request: ProfileSqlRequest): string[] {
  const asOf = `DATE ${quote(request.asOf)}`;
  const end = `(${asOf} + INTERVAL 1 DAY)`;
  const changed = request.changedSince ? `AND user_id IN (SELECT user_id FROM p_changed)` : '';
  const statements: string[] = [];
  // An incremental run reads the orders and events of the changed users once, into temp tables that
  // every feature below then reads: one pass over the big tables instead of one per feature group.
  const orders = request.changedSince ? 'p_orders' : 'orders';
  const events = request.changedSince ? 'p_events' : 'events';
  if (request.changedSince) {
    const since = `TIMESTAMP ${quote(request.changedSince.replace('T', ' ').replace('Z', ''))}`;
    statements.push(
      `CREATE OR REPLACE TEMP TABLE p_changed AS
      SELECT user_id FROM orders WHERE _ingested_at > ${since}
      UNION SELECT user_id FROM events WHERE _ingested_at > ${since} AND user_id IS NOT NULL
      UNION SELECT user_id FROM users WHERE _ingested_at > ${since}`,
      `CREATE OR REPLACE TEMP TABLE p_orders AS
      SELECT user_id, created_at, paid_at, status, amount, channel, order_type, product_id, venue_id
      FROM orders WHERE user_id IN (SELECT user_id FROM p_changed)`,
      `CREATE OR REPLACE TEMP TABLE p_events AS
      SELECT user_id, occurred_at, event_type, venue_id, query, product_id
      FROM events WHERE user_id IN (SELECT user_id FROM p_changed)`,
    );
  }
  const lc = LIFECYCLE_RULES;
  const orderTime = local('o.created_at', request.timeZone);
  const eventTime = local('e.occurred_at', request.timeZone);
  // Rows up to the as-of day: a cheap bound on the stored UTC time first, then the exact local one.
  const ordersUpTo = `o.created_at < ${end} + INTERVAL 1 DAY AND ${orderTime} < ${end}`;
  const eventsUpTo = `e.user_id IS NOT NULL AND e.occurred_at < ${end} + INTERVAL 1 DAY AND ${eventTime} < ${end}`;
  const isPurchase = `(o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded'))`;
  const preferencesFrom = `(${end} - INTERVAL ${PREFERENCE_DAYS} DAY)`;
  statements.push(
    `CREATE OR REPLACE TEMP TABLE p_catalog AS SELECT product_id, any_value(category) AS category, any_value(venue_id) AS venue_id FROM catalog GROUP BY product_id`,
    // Purchases: paid orders that were not cancelled or refunded, first per user and day (two-phase
    // aggregation: distinct counts and modes over a million groups at once cost gigabytes).
    `CREATE OR REPLACE TEMP TABLE p_purchase_days AS
      SELECT user_id, CAST(t AS DATE) AS d, count(*) AS n, sum(amount)::DOUBLE AS amount
      FROM (SELECT o.user_id, o.amount, ${orderTime} AS t FROM ${orders} o WHERE ${isPurchase} AND ${ordersUpTo})
      GROUP BY ALL`,
    `CREATE OR REPLACE TEMP TABLE p_preferred AS
      WITH counted AS (
        SELECT o.user_id, 'channel' AS k, o.channel AS v, count(*) AS n FROM ${orders} o WHERE ${isPurchase} AND ${ordersUpTo} AND o.channel IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT o.user_id, 'order_type', o.order_type, count(*) FROM ${orders} o WHERE ${isPurchase} AND ${ordersUpTo} AND o.order_type IS NOT NULL GROUP BY ALL)
      SELECT user_id,
        arg_max(v, n * 1000000 - rank_in_key) FILTER (WHERE k = 'channel') AS preferred_channel,
        arg_max(v, n * 1000000 - rank_in_key) FILTER (WHERE k = 'order_type') AS preferred_order_type
      FROM (SELECT *, dense_rank() OVER (PARTITION BY k ORDER BY v) AS rank_in_key FROM counted) GROUP BY user_id`,
    `CREATE OR REPLACE TEMP TABLE p_purchase AS
      SELECT d.user_id,
        sum(n) AS frequency,
        sum(amount) AS monetary,
        count(*) AS purchase_days,
        min(d) AS first_purchase,
        max(d) AS last_purchase,
        sum(n) FILTER (WHERE d > ${asOf} - INTERVAL ${lc.growingWindowDays} DAY) AS recent_purchases,
        sum(n) FILTER (WHERE d <= ${asOf} - INTERVAL ${lc.growingWindowDays} DAY AND d > ${asOf} - INTERVAL ${2 * lc.growingWindowDays} DAY) AS earlier_purchases,
        any_value(pr.preferred_channel) AS preferred_channel,
        any_value(pr.preferred_order_type) AS preferred_order_type
      FROM p_purchase_days d LEFT JOIN p_preferred pr USING (user_id) GROUP BY d.user_id`,
    // Activity: any order or event, for lifecycle and the weekend and evening shares; streamed, never
    // materialised, grouped by a 64-bit hash of the user id (much cheaper than the string) that carries
    // the id along.
    `CREATE OR REPLACE TEMP TABLE p_active AS
      SELECT any_value(user_id) AS user_id,
        count(*) AS activities,
        min(d) AS first_active,
        max(d) AS last_active,
        min(d) FILTER (WHERE d > ${asOf} - INTERVAL ${lc.activeDays} DAY) AS first_recent,
        max(d) FILTER (WHERE d <= ${asOf} - INTERVAL ${lc.activeDays} DAY) AS before_recent,
        avg(CASE WHEN isodow(t) >= 6 THEN 1 ELSE 0 END) AS weekend_share,
        avg(CASE WHEN hour(t) >= 18 THEN 1 ELSE 0 END) AS evening_share
      FROM (
        SELECT o.user_id, t, CAST(t AS DATE) AS d FROM (SELECT o.user_id, ${orderTime} AS t FROM ${orders} o WHERE ${ordersUpTo}) o
        UNION ALL
        SELECT e.user_id, t, CAST(t AS DATE) FROM (SELECT e.user_id, ${eventTime} AS t FROM ${events} e WHERE ${eventsUpTo}) e
      ) GROUP BY hash(user_id)`,
    // Active hours and weekdays: when the user buys and visits, over the last year. Counted in plain
    // columns: per-group histograms or sketches cost far more.
    `CREATE OR REPLACE TEMP TABLE p_hours AS
      SELECT any_value(user_id) AS user_id,
        ${topOf(
          Array.from({ length: 24 }, (_, h) => `count(*) FILTER (WHERE hour(t) = ${h})`),
          3,
          0,
        )} AS active_hours,
        ${topOf(
          Array.from({ length: 7 }, (_, d) => `count(*) FILTER (WHERE isodow(t) = ${d + 1})`),
          2,
          1,
        )} AS active_weekdays
      FROM (
        SELECT o.user_id, ${orderTime} AS t FROM ${orders} o WHERE ${isPurchase} AND ${ordersUpTo} AND ${orderTime} >= ${preferencesFrom}
        UNION ALL
        SELECT e.user_id, ${eventTime} FROM ${events} e WHERE e.event_type = 'visit' AND ${eventsUpTo} AND ${eventTime} >= ${preferencesFrom}
      ) GROUP BY hash(user_id)`,
    // Top three categories bought, venues visited or bought at, categories viewed, terms searched, over
    // the last year (preferences are recent interests): counted per user, kind and value.
    `CREATE OR REPLACE TEMP TABLE p_tops AS
      WITH counted AS (
        SELECT o.user_id, 'bought' AS k, c.category AS v, count(*) AS n FROM ${orders} o JOIN p_catalog c USING (product_id)
          WHERE ${isPurchase} AND ${ordersUpTo} AND ${orderTime} >= ${preferencesFrom} AND c.category IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT o.user_id, 'venues', coalesce(o.venue_id, c.venue_id), count(*) FROM ${orders} o LEFT JOIN p_catalog c USING (product_id)
          WHERE ${isPurchase} AND ${ordersUpTo} AND ${orderTime} >= ${preferencesFrom} AND coalesce(o.venue_id, c.venue_id) IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT user_id, k, v, count(*) FROM (
          SELECT e.user_id,
            CASE WHEN e.event_type = 'visit' THEN 'venues' WHEN e.event_type = 'search' THEN 'searched' ELSE 'viewed' END AS k,
            CASE WHEN e.event_type = 'visit' THEN e.venue_id WHEN e.event_type = 'search' THEN nullif(lower(trim(e.query)), '') ELSE c.category END AS v
          FROM ${events} e LEFT JOIN p_catalog c USING (product_id)
          WHERE e.event_type IN ('visit', 'search', 'view', 'click', 'add_to_cart') AND ${eventsUpTo} AND ${eventTime} >= ${preferencesFrom}
        ) WHERE v IS NOT NULL GROUP BY ALL
      ),
      merged AS (SELECT user_id, k, v, sum(n) AS n FROM counted GROUP BY ALL),
      ranked AS (SELECT *, row_number() OVER (PARTITION BY user_id, k ORDER BY n DESC, v) AS rank FROM merged QUALIFY rank <= 3)
      SELECT user_id,
        ${PREFERENCE_KINDS.map(([kind, column]) => `list_filter([${[1, 2, 3].map((r) => `any_value(v) FILTER (WHERE k = '${kind}' AND rank = ${r})`).join(', ')}], x -> x IS NOT NULL) AS ${column}`).join(',\n        ')}
      FROM ranked GROUP BY user_id`,
    `CREATE OR REPLACE TEMP TABLE p_users AS
      SELECT user_id, any_value(registered_at) AS registered_at, any_value(age) AS age, any_value(gender) AS gender,
        any_value(marital_status) AS marital_status, any_value(occupation) AS occupation, any_value(city) AS city,
        any_value(province) AS province, any_value(industry) AS industry
      FROM users WHERE true ${changed} GROUP BY user_id`,
    `CREATE OR REPLACE TEMP TABLE profile_features AS
      WITH ids AS (SELECT user_id FROM p_users UNION SELECT user_id FROM p_active)
      SELECT ids.user_id,
        ${asOf} AS as_of,
        coalesce(p.frequency, 0) AS frequency,
        coalesce(p.monetary, 0) AS monetary,
        coalesce(p.purchase_days, 0) AS purchase_days,
        p.first_purchase, p.last_purchase,
        CASE WHEN p.last_purchase IS NULL THEN NULL ELSE date_diff('day', p.last_purchase, ${asOf}) END AS recency_days,
        CASE WHEN p.frequency IS NULL THEN 0 ELSE p.frequency / greatest(1.0, date_diff('day', least(p.first_purchase, coalesce(CAST(u.registered_at AS DATE), p.first_purchase)), ${asOf}) / 30.4375) END AS orders_per_month,
        CASE WHEN p.frequency > 0 THEN p.monetary / p.frequency END AS avg_basket,
        p.preferred_channel, p.preferred_order_type,
        t.top_categories, t.top_venues, t.viewed_categories, t.searched_terms,
        coalesce(a.activities, 0) AS activities, a.first_active, a.last_active,
        a.weekend_share, a.evening_share,
        h.active_hours, h.active_weekdays,
        CASE
          WHEN a.last_active IS NULL THEN ${quote(lc.noActivityStage)}
          WHEN least(a.first_active, coalesce(CAST(u.registered_at AS DATE), a.first_active)) > ${asOf} - INTERVAL ${lc.newDays} DAY THEN 'new'
          WHEN a.last_active <= ${asOf} - INTERVAL ${lc.churnedAfterDays} DAY THEN 'churned'
          WHEN a.last_active <= ${asOf} - INTERVAL ${lc.activeDays} DAY THEN 'at_risk'
          WHEN a.before_recent IS NOT NULL AND date_diff('day', a.before_recent, a.first_recent) > ${lc.churnedAfterDays} THEN 'reactivated'
          WHEN coalesce(p.recent_purchases, 0) >= ${lc.growingMinPurchases} AND p.recent_purchases > coalesce(p.earlier_purchases, 0) THEN 'growing'
          ELSE 'active'
        END AS lifecycle,
        u.registered_at, u.age,
        CASE WHEN u.age IS NULL THEN NULL WHEN u.age < 18 THEN '<18' WHEN u.age < 25 THEN '18-24' WHEN u.age < 35 THEN '25-34' WHEN u.age < 45 THEN '35-44' WHEN u.age < 55 THEN '45-54' WHEN u.age < 65 THEN '55-64' ELSE '65+' END AS age_band,
        u.gender, u.marital_status, u.occupation, u.city, u.province, u.industry
      FROM ids LEFT JOIN p_purchase p USING (user_id) LEFT JOIN p_active a USING (user_id)
        LEFT JOIN p_tops t USING (user_id) LEFT JOIN p_hours h USING (user_id) LEFT JOIN p_users u USING (user_id)`,
  );
  return statements;
}

/**
 * Scores of a full recompute: RFM 1–5 by cumulative distribution among buyers (ties share a score),
 * the named RFM segment, spending tier overall and within the user's province. An incremental run
 * scores changed users against the cut points stored by the last full run (see profileScoreStatements).
 */
export function rfmSegmentCase(r: string, f: string, m: string): string {
  const branches = RFM_SEGMENT_RULES.map((rule) => {
    const conditions = [
      rule.r ? `${r} BETWEEN ${rule.r[0]} AND ${rule.r[1]}` : 'true',
      rule.f ? `${f} BETWEEN ${rule.f[0]} AND ${rule.f[1]}` : 'true',
      rule.m ? `${m} BETWEEN ${rule.m[0]} AND ${rule.m[1]}` : 'true',
    ];
    return `WHEN ${conditions.join(' AND ')} THEN ${quote(rule.segment)}`;
  });
  return `CASE WHEN ${r} IS NULL THEN NULL ${branches.join(' ')} END`;
}

/** Score (1–5) of `value` against the cut points table `cuts` (columns measure, score, upper). */
function scoreAgainstCuts(value: string, measure: string, reverse: boolean): string {
  const score = `(SELECT coalesce(min(score), ${SPENDING_TIERS}) FROM profile_cut_points WHERE measure = ${quote(measure)} AND ${value} <= upper)`;
  return reverse ? `(${SPENDING_TIERS + 1} - ${score})` : score;
}

/** Statements that add scores to `profile_features` (full: recompute cut points; incremental: reuse them). */
export function profileScoreStatements(full: boolean): string[] {
  const n = SPENDING_TIERS;
  const statements: string[] = [];
  if (full) {
    // Cut points: the largest value within each score, so later (incremental) runs can score new users alike.
    statements.push(
      `CREATE OR REPLACE TEMP TABLE p_scored AS
        SELECT user_id,
          CASE WHEN frequency > 0 THEN ${n + 1} - ceil(cume_dist() OVER (PARTITION BY frequency > 0 ORDER BY recency_days) * ${n}) END AS r_score,
          CASE WHEN frequency > 0 THEN ceil(cume_dist() OVER (PARTITION BY frequency > 0 ORDER BY frequency) * ${n}) END AS f_score,
          CASE WHEN frequency > 0 THEN ceil(cume_dist() OVER (PARTITION BY frequency > 0 ORDER BY monetary) * ${n}) END AS m_score,
          CASE WHEN frequency > 0 THEN ceil(cume_dist() OVER (PARTITION BY frequency > 0, province ORDER BY monetary) * ${n}) END AS province_tier
        FROM profile_features`,
      `DELETE FROM profile_cut_points`,
      `INSERT INTO profile_cut_points
        SELECT 'recency', ${n + 1} - r_score, max(recency_days) FROM profile_features JOIN p_scored USING (user_id) WHERE r_score IS NOT NULL GROUP BY r_score
        UNION ALL SELECT 'frequency', f_score, max(frequency) FROM profile_features JOIN p_scored USING (user_id) WHERE f_score IS NOT NULL GROUP BY f_score
        UNION ALL SELECT 'monetary', m_score, max(monetary) FROM profile_features JOIN p_scored USING (user_id) WHERE m_score IS NOT NULL GROUP BY m_score`,
    );
  } else {
    statements.push(
      `CREATE OR REPLACE TEMP TABLE p_scored AS
        SELECT user_id,
          CASE WHEN frequency > 0 THEN ${scoreAgainstCuts('recency_days', 'recency', true)} END AS r_score,
          CASE WHEN frequency > 0 THEN ${scoreAgainstCuts('frequency', 'frequency', false)} END AS f_score,
          CASE WHEN frequency > 0 THEN ${scoreAgainstCuts('monetary', 'monetary', false)} END AS m_score,
          NULL::INTEGER AS province_tier
        FROM profile_features`,
    );
  }
  return statements;
}

/** The columns of the stored `profiles` table, in order (see migrations v5). */
export const PROFILE_COLUMNS = `user_id, as_of, frequency, monetary, purchase_days, first_purchase, last_purchase, recency_days,
  orders_per_month, avg_basket, preferred_channel, preferred_order_type, top_categories, top_venues, viewed_categories,
  searched_terms, activities, first_active, last_active, weekend_share, evening_share, active_hours, active_weekdays,
  lifecycle, registered_at, age, age_band, gender, marital_status, occupation, city, province, industry,
  r_score, f_score, m_score, rfm_segment, spending_tier, spending_tier_province,
  p_alive, expected_purchases_30d, expected_purchases_90d, expected_spend_90d, churn_risk, persona`;

/**
 * Records stage changes of the users in `profile_features` in `profile_stages`, which holds a row per
 * change: a stage differing from the user's last one before the as-of day starts a row on that day,
 * and a second run on the same day replaces the day's row (or drops it, when the stage is back to the
 * one before). An incremental run touches its own users' history only.
 */
export function stageHistoryStatements(full: boolean): string[] {
  const own = full ? '' : ' AND user_id IN (SELECT user_id FROM profile_features)';
  return [
    `DELETE FROM profile_stages WHERE since = (SELECT any_value(as_of) FROM profile_features)${own}`,
    `INSERT INTO profile_stages (user_id, stage, since)
      SELECT f.user_id, f.lifecycle, f.as_of FROM profile_features f
      LEFT JOIN (SELECT user_id, arg_max(stage, since) AS stage FROM profile_stages WHERE true${own} GROUP BY user_id) cur USING (user_id)
      WHERE cur.stage IS DISTINCT FROM f.lifecycle`,
  ];
}

/** Writes the scored features into `profiles` (replacing those users) and records stage changes. */
export function profileWriteStatements(full: boolean): string[] {
  const select = `SELECT f.user_id, f.as_of, f.frequency, f.monetary, f.purchase_days, f.first_purchase, f.last_purchase, f.recency_days,
      f.orders_per_month, f.avg_basket, f.preferred_channel, f.preferred_order_type, f.top_categories, f.top_venues, f.viewed_categories,
      f.searched_terms, f.activities, f.first_active, f.last_active, f.weekend_share, f.evening_share, f.active_hours, f.active_weekdays,
      f.lifecycle, f.registered_at, f.age, f.age_band, f.gender, f.marital_status, f.occupation, f.city, f.province, f.industry,
      s.r_score, s.f_score, s.m_score, ${rfmSegmentCase('s.r_score', 's.f_score', 's.m_score')}, s.m_score,
      ${full ? 's.province_tier' : 'k.spending_tier_province'},
      pr.p_alive, pr.e30, pr.e90, pr.spend90,
      CASE WHEN pr.p_alive IS NULL THEN NULL WHEN pr.p_alive < ${CHURN_RISK.high} THEN 'high' WHEN pr.p_alive < ${CHURN_RISK.medium} THEN 'medium' ELSE 'low' END,
      ${full ? 'NULL' : 'k.persona'}
    FROM profile_features f JOIN p_scored s USING (user_id)
      LEFT JOIN p_buyers b USING (user_id) LEFT JOIN p_predictions pr ON pr.n = b.n${full ? '' : ' LEFT JOIN p_kept k USING (user_id)'}`;
  return [
    ...stageHistoryStatements(full),
    // An incremental run keeps what only a full run computes: the in-province tier and the persona.
    ...(full
      ? [`DELETE FROM profiles`]
      : [
          `CREATE OR REPLACE TEMP TABLE p_kept AS SELECT user_id, spending_tier_province, persona FROM profiles WHERE user_id IN (SELECT user_id FROM profile_features)`,
          `DELETE FROM profiles WHERE user_id IN (SELECT user_id FROM profile_features)`,
        ]),
    `INSERT INTO profiles (${PROFILE_COLUMNS}) ${select}`,
    `DROP TABLE p_scored`,
    `DROP TABLE IF EXISTS p_kept`,
  ];
}
