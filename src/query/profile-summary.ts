/**
 * The headline numbers of the stored profiles, overall or within the users matching rules: how many
 * are profiled and buy, how they spread over the lifecycle stages and churn risks, and what the
 * purchase model expects of them. What the dashboard's profile KPIs show.
 */
import type { QueryScope } from '../analysis/metrics/metric-query.ts';
import { LIFECYCLE_STAGES } from '../analysis/profiles/profile-rules.ts';
import { compileSegmentWhere, type SegmentRule } from '../analysis/profiles/segment-rules.ts';
import type { Cell } from '../analysis/result-table.ts';
import type { Store } from '../store/store.ts';

/** Stages whose users were active in the last 30 days (see the lifecycle rules). */
export const ACTIVE_STAGES = ['new', 'active', 'growing', 'reactivated'] as const;

export interface ProfileSummary {
  /** Whether profiles were ever computed (false: nothing to show yet). */
  readonly computed: boolean;
  /** The day the stored profiles describe; null before the first run. */
  readonly asOf: string | null;
  /** When the last computation finished (ISO), and what kind it was. */
  readonly lastRun: { readonly kind: 'full' | 'incremental'; readonly finishedAt: string; readonly asOf: string } | null;
  readonly users: number;
  /** Users with at least one purchase (the ones the purchase model predicts for). */
  readonly buyers: number;
  /** Users per lifecycle stage, every stage listed. */
  readonly stages: Readonly<Record<string, number>>;
  /** Users in ACTIVE_STAGES. */
  readonly active: number;
  readonly churnRisk: { readonly low: number; readonly medium: number; readonly high: number };
  /** Means over buyers (null without buyers). */
  readonly averages: {
    readonly pAlive: number | null;
    readonly expectedPurchases30d: number | null;
    readonly expectedPurchases90d: number | null;
    readonly expectedSpend90d: number | null;
    readonly monetary: number | null;
  };
  /** Totals over buyers. */
  readonly totals: { readonly expectedPurchases90d: number; readonly expectedSpend90d: number; readonly monetary: number };
}

const count = (cell: Cell | undefined): number => (cell == null ? 0 : Number(cell));
const mean = (cell: Cell | undefined): number | null => (cell == null ? null : Number(cell));

/** The summary of the profiles matching `rules` within the caller's scope. */
export async function profileSummary(store: Store, rules: readonly SegmentRule[], scope: QueryScope): Promise<ProfileSummary> {
  const where = compileSegmentWhere(rules, scope);
  const stageCounts = LIFECYCLE_STAGES.map((stage, i) => `count(*) FILTER (WHERE lifecycle = '${stage}') AS stage_${i}`).join(', ');
  const [row] = await store.runQuery({
    sql: `SELECT count(*) AS users, count(*) FILTER (WHERE frequency > 0) AS buyers, ${stageCounts},
        count(*) FILTER (WHERE churn_risk = 'low') AS churn_low,
        count(*) FILTER (WHERE churn_risk = 'medium') AS churn_medium,
        count(*) FILTER (WHERE churn_risk = 'high') AS churn_high,
        avg(p_alive) FILTER (WHERE frequency > 0) AS p_alive,
        avg(expected_purchases_30d) FILTER (WHERE frequency > 0) AS e30,
        avg(expected_purchases_90d) FILTER (WHERE frequency > 0) AS e90,
        avg(expected_spend_90d) FILTER (WHERE frequency > 0) AS spend90,
        avg(monetary) FILTER (WHERE frequency > 0) AS monetary,
        coalesce(sum(expected_purchases_90d), 0) AS sum_e90,
        coalesce(sum(expected_spend_90d), 0) AS sum_spend90,
        coalesce(sum(monetary), 0) AS sum_monetary,
        strftime(max(as_of), '%Y-%m-%d') AS as_of
      FROM profiles WHERE ${where.sql}`,
    params: where.params,
  });
  const [run] = await store.profileRuns(1);
  const stages = Object.fromEntries(LIFECYCLE_STAGES.map((stage, i) => [stage, count(row?.[`stage_${i}`])]));
  return {
    computed: run !== undefined,
    asOf: run?.asOf ?? (row?.as_of == null ? null : String(row.as_of)),
    lastRun: run ? { kind: run.kind, finishedAt: run.finishedAt.toISOString(), asOf: run.asOf } : null,
    users: count(row?.users),
    buyers: count(row?.buyers),
    stages,
    active: ACTIVE_STAGES.reduce((sum, stage) => sum + (stages[stage] ?? 0), 0),
    churnRisk: { low: count(row?.churn_low), medium: count(row?.churn_medium), high: count(row?.churn_high) },
    averages: {
      pAlive: mean(row?.p_alive),
      expectedPurchases30d: mean(row?.e30),
      expectedPurchases90d: mean(row?.e90),
      expectedSpend90d: mean(row?.spend90),
      monetary: mean(row?.monetary),
    },
    totals: { expectedPurchases90d: count(row?.sum_e90), expectedSpend90d: count(row?.sum_spend90), monetary: count(row?.sum_monetary) },
  };
}
