/**
 * Lifecycle flow over the chosen period: where each stage's users went (Sankey), users per stage at
 * each week or month end (stacked area), and the stage changes per week or month (stacked bars).
 */
import { useMemo } from 'preact/hooks';
import { useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { ResourceView } from '../components/state-view.tsx';
import { daysBetween } from '../filters/filters.ts';
import { fill } from '../i18n/locale.ts';
import { updateParams, useLocation } from '../url-state.ts';
import { periodRows, periodTable, sankeyOption, stageAreaChart, stepMovesChart, type LifecycleWords } from './lifecycle-charts.ts';
import { defaultGrain, profileFilterParams } from './profile-filters.ts';
import { ENTERED, type LifecycleFlow } from './profile-types.ts';
import type { Vocabulary } from './profile-vocabulary.ts';
import { profilesText } from './profiles-text.ts';

export function LifecycleSection({ vocabulary }: { vocabulary: Vocabulary }) {
  const { locale, filters } = useAppContext();
  const t = profilesText(locale);
  const chosen = useLocation().params.get('pgrain');
  const grain = chosen === 'week' || chosen === 'month' ? chosen : defaultGrain(daysBetween(filters.from, filters.to));
  const flow = useApi<LifecycleFlow>('/profile-insights/lifecycle-flow', {
    from: filters.from,
    to: filters.to,
    grain,
    ...profileFilterParams(filters),
  });
  const stageLabel = (stage: string) => (stage === ENTERED ? t.entered : vocabulary.valueLabel('lifecycle', stage));
  const words: LifecycleWords = t;
  const grainWord = grain === 'week' ? t.weekInSentence : t.monthInSentence;

  const grainPicker = (
    <span class="chart-kind" role="group" aria-label={t.grain}>
      {(['week', 'month'] as const).map((g) => (
        <button type="button" key={g} aria-pressed={grain === g} onClick={() => updateParams({ pgrain: g })}>
          {g === 'week' ? t.week : t.month}
        </button>
      ))}
    </span>
  );

  return (
    <section class="profile-section" aria-label={t.tabLifecycle}>
      <p class="page-note">{t.lifecycleNote}</p>
      <ResourceView resource={flow} isEmpty={(f) => (f.snapshots.at(-1)?.users ?? 0) === 0}>
        {(f) => <LifecycleCharts flow={f} stageLabel={stageLabel} words={words} grainWord={grainWord} grainPicker={grainPicker} />}
      </ResourceView>
    </section>
  );
}

function LifecycleCharts(props: {
  flow: LifecycleFlow;
  stageLabel: (stage: string) => string;
  words: LifecycleWords;
  grainWord: string;
  grainPicker: preact.ComponentChildren;
}) {
  const { locale, format } = useAppContext();
  const t = profilesText(locale);
  const { flow, stageLabel, words } = props;
  const sankey = useMemo(() => sankeyOption(flow.period, stageLabel, format, words), [flow, locale]);
  const sankeyRows = useMemo(() => periodRows(flow.period, stageLabel), [flow, locale]);
  const area = useMemo(() => stageAreaChart(flow, stageLabel, format, locale, words), [flow, locale]);
  const moves = useMemo(() => stepMovesChart(flow, stageLabel, format, locale, words), [flow, locale]);
  const periodUsers = flow.period.transitions.reduce((sum, tr) => sum + tr.users, 0);
  return (
    <div class="grid grid-2 lifecycle-grid">
      <ChartCard
        title={t.sankeyTitle}
        subtitle={fill(t.sankeySubtitle, {
          start: format.date(flow.period.start),
          end: format.date(flow.period.end),
          users: format.number(periodUsers),
        })}
        option={sankey}
        table={periodTable(sankeyRows, format, words)}
        exportName="profile-lifecycle-flow"
        height={380}
      />
      <ChartCard
        title={t.areaTitle}
        subtitle={fill(t.areaSubtitle, { grain: props.grainWord })}
        option={area.option}
        table={area.table}
        exportName="profile-lifecycle-stages"
        height={380}
        actions={props.grainPicker}
      />
      <ChartCard
        class="span-2"
        title={t.movesTitle}
        subtitle={moves.moves === 0 ? t.noMoves : fill(t.movesSubtitle, { grain: props.grainWord, n: format.number(moves.moves) })}
        option={moves.option}
        table={moves.table}
        exportName="profile-lifecycle-moves"
        height={320}
      />
    </div>
  );
}
