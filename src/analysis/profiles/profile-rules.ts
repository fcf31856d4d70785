/**
 * The documented rules that turn a user's history into named profile fields. The store computes
 * them in SQL (store/duckdb/profile-sql.ts) from these constants; the same rules as plain functions
 * here are what tests check the SQL against and what `flowsight profiles rules` prints.
 *
 * RFM. Among buyers (users with at least one paid, not cancelled or refunded order): recency = days
 * since the last purchase, frequency = purchases, monetary = their total amount. Each is scored 1–5
 * by its cumulative distribution (score = ⌈5 × share of buyers at or below the value⌉, reversed for
 * recency), so equal values share a score. The named segment is the first rule that matches, in
 * order (R, F, M score ranges, inclusive):
 *   can't lose   R 1–2, F 4–5, M 4–5   big past buyers who have gone quiet
 *   at risk      R 1–2, F 3–5          regular buyers who have gone quiet
 *   champions    R 4–5, F 4–5          recent and frequent
 *   loyal        R 3–5, F 3–5          regular
 *   new          R 4–5, F 1            first purchase recently
 *   potential    R 3–5, F 1–3          recent, not yet regular
 *   hibernating  R 2                   quiet, few purchases
 *   lost         R 1                   quiet longest, few purchases
 * Spending tier 1–5 = the monetary score (overall), and again within the user's province.
 *
 * Lifecycle stage as of a day, from activity (any order or event) and purchases, first rule that
 * matches:
 *   new          first activity or registration within the last 30 days
 *   churned      no activity for 90 days or more
 *   at risk      no activity for 30–89 days
 *   reactivated  active in the last 30 days after a gap of more than 90 days before that
 *   growing      at least 2 purchases in the last 90 days and more than in the 90 days before
 *   active       otherwise (active in the last 30 days)
 * Users with a profile row and no activity at all are `registered`. Each change of stage is kept with
 * its date, so stage flows over time can be shown.
 */

export const SPENDING_TIERS = 5;

export const LIFECYCLE_STAGES = ['new', 'active', 'growing', 'at_risk', 'churned', 'reactivated', 'registered'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const LIFECYCLE_RULES = {
  newDays: 30,
  activeDays: 30,
  churnedAfterDays: 90,
  growingWindowDays: 90,
  growingMinPurchases: 2,
  noActivityStage: 'registered',
} as const;

export const RFM_SEGMENTS = ['cant_lose', 'at_risk', 'champions', 'loyal', 'new', 'potential', 'hibernating', 'lost'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

type Range = readonly [number, number];
export const RFM_SEGMENT_RULES: readonly { readonly segment: RfmSegment; readonly r?: Range; readonly f?: Range; readonly m?: Range }[] = [
  { segment: 'cant_lose', r: [1, 2], f: [4, 5], m: [4, 5] },
  { segment: 'at_risk', r: [1, 2], f: [3, 5] },
  { segment: 'champions', r: [4, 5], f: [4, 5] },
  { segment: 'loyal', r: [3, 5], f: [3, 5] },
  { segment: 'new', r: [4, 5], f: [1, 1] },
  { segment: 'potential', r: [3, 5], f: [1, 3] },
  { segment: 'hibernating', r: [2, 2] },
  { segment: 'lost', r: [1, 1] },
];

/** Labels of segments and stages for lists and the dashboard. */
export const PROFILE_LABELS: Readonly<Record<RfmSegment | LifecycleStage, { readonly zh: string; readonly en: string }>> = {
  cant_lose: { zh: '不能失去', en: "Can't lose" },
  at_risk: { zh: '流失风险', en: 'At risk' },
  champions: { zh: '冠军客户', en: 'Champions' },
  loyal: { zh: '忠诚客户', en: 'Loyal' },
  new: { zh: '新客户', en: 'New' },
  potential: { zh: '潜力客户', en: 'Potential' },
  hibernating: { zh: '休眠客户', en: 'Hibernating' },
  lost: { zh: '已流失', en: 'Lost' },
  active: { zh: '活跃', en: 'Active' },
  growing: { zh: '成长', en: 'Growing' },
  churned: { zh: '已流失', en: 'Churned' },
  reactivated: { zh: '回流', en: 'Reactivated' },
  registered: { zh: '仅注册', en: 'Registered only' },
};

/** The RFM segment of scores 1–5, by the rules above. */
export function rfmSegmentOf(r: number, f: number, m: number): RfmSegment {
  if (![r, f, m].every((score) => Number.isInteger(score) && score >= 1 && score <= 5)) {
    throw new RangeError(`RFM scores must be whole numbers 1-5, got ${r}, ${f}, ${m}`);
  }
  const within = (value: number, range: Range | undefined) => range === undefined || (value >= range[0] && value <= range[1]);
  const rule = RFM_SEGMENT_RULES.find((x) => within(r, x.r) && within(f, x.f) && within(m, x.m));
  if (!rule) throw new RangeError(`RFM scores must be whole numbers 1-5, got ${r}, ${f}, ${m}`);
  return rule.segment;
}

/**
 * Churn risk from the probability that a buyer is still active (BG/NBD P(alive)): high below 0.3,
 * medium below 0.7, low otherwise. Users who never bought have none.
 */
export const CHURN_RISK = { high: 0.3, medium: 0.7 } as const;
