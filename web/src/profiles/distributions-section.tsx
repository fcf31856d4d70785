/**
 * Distributions: any profile field among the users in view (home province/city, segment), as bars or
 * a pie with its table, optionally against another group (all users, a saved segment, a persona).
 */
import { useMemo } from 'preact/hooks';
import { useApi, type Params } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { ResourceView } from '../components/state-view.tsx';
import { fill } from '../i18n/locale.ts';
import { updateParams, useLocation } from '../url-state.ts';
import {
  canOverlay,
  compareRows,
  distributionOption,
  distributionRows,
  distributionTable,
  type DistributionRow,
  type DistributionWords,
} from './distribution-chart.ts';
import { profileFilterParams } from './profile-filters.ts';
import type { Distribution, Persona, Segment } from './profile-types.ts';
import type { Vocabulary } from './profile-vocabulary.ts';
import { profilesText } from './profiles-text.ts';

/** Fields most people look at first, listed at the top of the picker. */
export const COMMON_FIELDS = [
  'lifecycle',
  'rfm_segment',
  'spending_tier',
  'churn_risk',
  'persona',
  'age_band',
  'gender',
  'province',
  'city',
  'preferred_channel',
  'preferred_order_type',
  'top_categories',
  'frequency',
  'monetary',
  'avg_basket',
  'recency_days',
  'p_alive',
  'expected_purchases_90d',
  'tag',
];

export const DEFAULT_FIELD = 'lifecycle';

interface Props {
  readonly vocabulary: Vocabulary;
  readonly segments: readonly Segment[];
  readonly personas: readonly Persona[];
}

/**
 * The users a compare choice stands for, whatever the page filters: `all` everyone, `seg:<id>` a saved
 * segment, `persona:<n>` a persona — so "广东 against all users" reads as it says.
 */
export function compareParams(choice: string): Params | null {
  if (choice === 'all') return {};
  if (choice.startsWith('seg:')) return { segment: choice.slice(4) };
  if (choice.startsWith('persona:')) return { where: [`persona=${choice.slice(8)}`] };
  return null;
}

export function DistributionsSection({ vocabulary, segments, personas }: Props) {
  const { locale, format, filters } = useAppContext();
  const t = profilesText(locale);
  const params = useLocation().params;
  const field = vocabulary.field(params.get('pfield') ?? '') ? params.get('pfield')! : DEFAULT_FIELD;
  const chart = params.get('pchart') === 'pie' ? 'pie' : 'bar';
  const compare = params.get('pcmp') ?? '';
  const base = profileFilterParams(filters);
  const distribution = useApi<Distribution>('/profile-insights/distribution', { field, ...base });
  const comparing = compareParams(compare);
  const other = useApi<Distribution>(comparing ? '/profile-insights/distribution' : null, { field, ...(comparing ?? {}) });

  const segmentName = (id: string) => segments.find((s) => s.id === id)?.name ?? id;
  const personaName = (id: string) => vocabulary.valueLabel('persona', id);
  const baseName = filters.segment ? segmentName(filters.segment) : (filters.city ?? filters.province ?? t.compareAll);
  const compareName =
    compare === 'all'
      ? t.compareAll
      : compare.startsWith('seg:')
        ? segmentName(compare.slice(4))
        : compare.startsWith('persona:')
          ? personaName(compare.slice(8))
          : '';
  const words: DistributionWords = {
    missing: t.missing,
    other: t.other,
    value: vocabulary.fieldLabel(field),
    users: t.users,
    share: t.share,
    base: baseName,
    compare: compareName,
  };
  const fieldLabel = vocabulary.fieldLabel(field);
  const kind = vocabulary.field(field)?.kind;
  const horizontal = kind === 'category' || kind === 'list';
  const listed = new Set(COMMON_FIELDS);

  const controls = (
    <div class="profile-controls">
      <label class="filter">
        <span>{t.field}</span>
        <select name="pfield" value={field} onChange={(e) => updateParams({ pfield: (e.target as HTMLSelectElement).value })}>
          <optgroup label={t.groupFields}>
            {COMMON_FIELDS.filter((name) => vocabulary.field(name)).map((name) => (
              <option key={name} value={name}>
                {vocabulary.fieldLabel(name)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t.groupAll}>
            {vocabulary.fields
              .filter((f) => !listed.has(f.name))
              .map((f) => (
                <option key={f.name} value={f.name}>
                  {vocabulary.fieldLabel(f.name)}
                </option>
              ))}
          </optgroup>
        </select>
      </label>
      <label class="filter">
        <span>{t.compareWith}</span>
        <select name="pcmp" value={compare} onChange={(e) => updateParams({ pcmp: (e.target as HTMLSelectElement).value })}>
          <option value="">{t.compareNone}</option>
          <option value="all">{t.compareAll}</option>
          {segments.map((s) => (
            <option key={s.id} value={`seg:${s.id}`}>
              {fill(t.compareSegment, { name: s.name })}
            </option>
          ))}
          {personas.map((p) => (
            <option key={p.id} value={`persona:${p.id}`}>
              {fill(t.comparePersona, { name: personaName(String(p.id)) })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );

  return (
    <section class="profile-section" aria-label={t.tabDistributions}>
      {controls}
      <ResourceView resource={distribution} isEmpty={(d) => d.users === 0}>
        {(d) => {
          const rows = distributionRows(d, vocabulary, format, words);
          const compared = other.data && other.data.field === field ? distributionRows(other.data, vocabulary, format, words) : null;
          const overlay = compared !== null && canOverlay(d);
          return (
            <div class={overlay || !compared ? 'grid' : 'grid grid-2'}>
              <DistributionCard
                distribution={d}
                rows={overlay ? compareRows(rows, compared) : rows}
                title={fill(t.distributionTitle, { field: fieldLabel })}
                chart={overlay || d.kind === 'list' ? 'bar' : chart}
                horizontal={horizontal}
                words={words}
                exportName={`profile-distribution-${field}`}
                name={overlay ? '' : compared ? baseName : ''}
                note={compared && !overlay ? t.compareSeparate : undefined}
              />
              {compared && !overlay && other.data && (
                <DistributionCard
                  distribution={other.data}
                  rows={compared}
                  title={fill(t.distributionTitle, { field: fieldLabel })}
                  chart={other.data.kind === 'list' ? 'bar' : chart}
                  horizontal={horizontal}
                  words={words}
                  exportName={`profile-distribution-${field}-compare`}
                  name={compareName}
                />
              )}
            </div>
          );
        }}
      </ResourceView>
    </section>
  );
}

function DistributionCard(props: {
  distribution: Distribution;
  rows: DistributionRow[];
  title: string;
  chart: 'bar' | 'pie';
  horizontal: boolean;
  words: DistributionWords;
  exportName: string;
  name: string;
  note?: string | undefined;
}) {
  const { locale, format } = useAppContext();
  const t = profilesText(locale);
  const d = props.distribution;
  const option = useMemo(
    () => distributionOption(props.rows, { chart: props.chart, horizontal: props.horizontal, format, words: props.words }),
    [props.rows, props.chart, props.horizontal, format, props.words],
  );
  const users = format.number(d.users);
  const subtitle =
    d.kind === 'list'
      ? fill(t.distributionListNote, { users })
      : d.kind === 'number' && !d.discrete
        ? fill(t.distributionBinsNote, { users })
        : fill(t.distributionSubtitle, { users });
  const height = props.horizontal ? Math.max(240, Math.min(720, props.rows.length * 26 + 60)) : 320;
  return (
    <ChartCard
      title={props.name ? `${props.title} · ${props.name}` : props.title}
      subtitle={props.note ? `${subtitle} · ${props.note}` : subtitle}
      option={option}
      table={distributionTable(props.rows, format, props.words)}
      exportName={props.exportName}
      height={height}
      actions={
        <span class="chart-kind" role="group">
          {(['bar', 'pie'] as const).map((kind) => (
            <button
              type="button"
              key={kind}
              aria-pressed={props.chart === kind}
              disabled={kind === 'pie' && (props.distribution.kind === 'list' || props.rows.some((r) => r.compareUsers !== undefined))}
              onClick={() => updateParams({ pchart: kind === 'bar' ? undefined : kind })}
            >
              {kind === 'bar' ? t.chartBar : t.chartPie}
            </button>
          ))}
        </span>
      }
    />
  );
}
