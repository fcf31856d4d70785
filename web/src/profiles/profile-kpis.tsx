/** The profile headline numbers: users profiled, active / at risk / churned shares, what the model expects. */
import { useAppContext } from '../app-context.ts';
import { fill } from '../i18n/locale.ts';
import type { ProfileSummary } from './profile-types.ts';
import { profilesText } from './profiles-text.ts';

function Tile({ id, label, value, note, tone }: { id: string; label: string; value: string; note: string; tone?: string }) {
  return (
    <div class={`card kpi profile-kpi ${tone ?? ''}`} data-kpi={id}>
      <div class="kpi-label">{label}</div>
      <div class="kpi-value">{value}</div>
      <div class="profile-kpi-note">{note}</div>
    </div>
  );
}

export function ProfileKpis({ summary }: { summary: ProfileSummary }) {
  const { locale, format } = useAppContext();
  const t = profilesText(locale);
  const share = (n: number) => (summary.users > 0 ? n / summary.users : null);
  const atRisk = summary.stages.at_risk ?? 0;
  const churned = summary.stages.churned ?? 0;
  return (
    <div class="profile-kpis">
      <Tile
        id="users"
        label={t.kpiUsers}
        value={format.number(summary.users)}
        note={fill(t.kpiUsersNote, { buyers: format.number(summary.buyers) })}
      />
      <Tile
        id="active"
        label={t.kpiActive}
        value={format.percent(share(summary.active))}
        note={fill(t.kpiActiveNote, { n: format.number(summary.active) })}
        tone="good"
      />
      <Tile
        id="at-risk"
        label={t.kpiAtRisk}
        value={format.percent(share(atRisk))}
        note={fill(t.kpiAtRiskNote, { n: format.number(atRisk) })}
        tone="warn"
      />
      <Tile
        id="churned"
        label={t.kpiChurned}
        value={format.percent(share(churned))}
        note={fill(t.kpiChurnedNote, { n: format.number(churned) })}
        tone="bad"
      />
      <Tile
        id="expected-purchases"
        label={t.kpiExpected}
        value={format.number(summary.averages.expectedPurchases90d, 2)}
        note={fill(t.kpiExpectedNote, {
          total: format.number(summary.totals.expectedPurchases90d),
          alive: format.percent(summary.averages.pAlive),
        })}
      />
      <Tile
        id="expected-spend"
        label={t.kpiSpend}
        value={`¥${format.compact(summary.totals.expectedSpend90d)}`}
        note={fill(t.kpiSpendNote, { avg: format.money(summary.averages.expectedSpend90d) })}
      />
    </div>
  );
}
