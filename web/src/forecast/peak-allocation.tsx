/**
 * Peak-period allocation for one venue: its hourly profile by day type, the predicted hourly flow of
 * the coming days, and for each day the peak window, staff per hour and time-slot quotas, with days
 * over capacity flagged. The venue is the filter's, else one picked here, else the busiest.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApi, useMetrics } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { Empty, ResourceView } from '../components/state-view.tsx';
import { toWhere } from '../filters/filters.ts';
import { defineText, fill } from '../i18n/locale.ts';
import { updateParams } from '../url-state.ts';
import {
  allocationTable,
  buildAllocationChart,
  buildHourlyHeatmap,
  buildProfileChart,
  FORECAST_PARAMS,
  PEAK_DAYS,
  peakDaysTable,
  pickPeakVenue,
  type ForecastParams,
} from './forecast-model.ts';
import { ForecastResourceView } from './forecast-resource.tsx';
import { forecastText, type ForecastWords } from './forecast-text.ts';
import type { PeakPlan, PeakResult } from './forecast-types.ts';
import { TableCard } from '../components/table-card.tsx';

/** Venues offered to plan for: the busiest in the filters. */
const CANDIDATES = 50;

function NumberInput(props: {
  name: string;
  label: string;
  value: number;
  min: number;
  max?: number;
  step?: number;
  onCommit: (value: number) => void;
}) {
  const { locale } = useAppContext();
  // A value out of range keeps the plan of the last valid one, and says so next to the field.
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setInvalid(false), [props.value]);
  const w = inputText(locale);
  const rule = props.max === undefined ? fill(w.atLeast, { min: props.min }) : fill(w.between, { min: props.min, max: props.max });
  return (
    <label class="filter">
      <span>{props.label}</span>
      <input
        type="number"
        name={props.name}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          const text = (event.target as HTMLInputElement).value.trim();
          const value = Number(text);
          const ok = text !== '' && Number.isFinite(value) && value >= props.min && (props.max === undefined || value <= props.max);
          setInvalid(!ok);
          if (ok) props.onCommit(value);
        }}
      />
      {invalid && (
        <span class="input-error" role="alert">
          {fill(w.invalid, { rule })}
        </span>
      )}
    </label>
  );
}

const inputText = defineText({
  'zh-CN': {
    invalid: '无效：{rule}。仍按上一次的有效值计划。',
    atLeast: '须为不小于 {min} 的数',
    between: '须在 {min} 到 {max} 之间',
  },
  en: {
    invalid: 'Not valid: {rule}. The plan still uses the last valid value.',
    atLeast: 'enter a number of at least {min}',
    between: 'enter a number from {min} to {max}',
  },
});

function DayPlan({ plan, result, words, exportKey }: { plan: PeakPlan; result: PeakResult; words: ForecastWords; exportKey: string }) {
  const { format } = useAppContext();
  const table = useMemo(() => allocationTable(plan, words, format), [plan, words, format]);
  const chart = useMemo(() => buildAllocationChart(plan, words, format), [plan, words, format]);
  const title = fill(words.allocationTitle, { date: format.shortDate(plan.date) });
  return (
    <div class="grid grid-2 allocation">
      <ChartCard
        title={title}
        subtitle={`${words[plan.dayType]} · ${fill(words.capacity, {
          day: result.venue.capacityPerDay === null ? words.unknown : format.number(result.venue.capacityPerDay),
          hour: result.venue.capacityPerHour === null ? words.unknown : format.number(result.venue.capacityPerHour),
        })}`}
        option={chart}
        table={table}
        exportName={`peak-allocation-chart-${exportKey}-${plan.date}`}
        height={300}
      />
      <TableCard
        title={`${title} · ${words.staff} / ${words.quota}`}
        subtitle={words.allocationSubtitle}
        table={table}
        exportName={`peak-allocation-${exportKey}-${plan.date}`}
        class="allocation-table"
      />
    </div>
  );
}

function PeakPlanView({ result, params, words }: { result: PeakResult; params: ForecastParams; words: ForecastWords }) {
  const { format } = useAppContext();
  const shortDate = (day: string) => format.shortDate(day);
  const exportKey = result.venue.venueId;
  const profile = useMemo(() => buildProfileChart({ profiles: result.profiles, words, format }), [result, words, format]);
  const heatmap = useMemo(() => buildHourlyHeatmap({ days: result.days, words, format, shortDate }), [result, words, format]); // shortDate only reads format
  const days = useMemo(() => peakDaysTable(result.days, words, format), [result, words, format]);
  const plan = result.days.find((day) => day.date === params.peakDay) ?? result.days[0];
  return (
    <>
      <p class={`capacity-verdict ${result.overCapacityDays.length ? 'over' : ''}`} role="status">
        {result.overCapacityDays.length > 0 ? (
          <>
            <span class="badge bad">{words.over}</span> {fill(words.overDays, { days: result.overCapacityDays.map(shortDate).join('、') })}
          </>
        ) : (
          words.noneOver
        )}
      </p>
      <div class="grid grid-2">
        <ChartCard
          title={words.profileTitle}
          subtitle={words.profileSubtitle}
          option={profile.option}
          table={profile.table}
          exportName={`peak-profile-${exportKey}`}
          height={260}
        />
        <ChartCard
          title={words.hourlyTitle}
          subtitle={words.hourlySubtitle}
          option={heatmap.option}
          table={heatmap.table}
          exportName={`peak-hourly-${exportKey}`}
          height={Math.max(220, 90 + result.days.length * 22)}
        />
      </div>
      <TableCard title={words.daysTitle} table={days} exportName={`peak-days-${exportKey}`} />
      {plan && (
        <>
          <div class="day-picker" role="group" aria-label={words.pickDay}>
            <span>{words.pickDay}</span>
            {result.days.map((day) => (
              <button
                type="button"
                key={day.date}
                class={`chip ${day.overCapacity ? 'over' : ''}`}
                aria-pressed={day.date === plan.date}
                onClick={() => updateParams({ [FORECAST_PARAMS.peakDay]: day.date }, { replace: true })}
              >
                {shortDate(day.date)}
                {day.overCapacity ? ' ⚠' : ''}
              </button>
            ))}
          </div>
          <DayPlan plan={plan} result={result} words={words} exportKey={exportKey} />
        </>
      )}
    </>
  );
}

export function PeakAllocation({ params }: { params: ForecastParams }) {
  const { locale, filters } = useAppContext();
  const words = forecastText(locale);
  const candidates = useMetrics(
    {
      metric: ['visitors'],
      by: ['venue', 'venue_name'],
      from: filters.from,
      to: filters.to,
      where: toWhere(filters, ['venue']),
      order: ['visitors:desc'],
      limit: CANDIDATES,
    },
    locale,
  );
  const venues = (candidates.data?.rows ?? [])
    .filter((row) => row.venue !== null && row.venue !== '')
    .map((row) => ({ venue: String(row.venue), name: String(row.venue_name ?? row.venue) }));
  const picked =
    candidates.data || filters.venue ? pickPeakVenue({ filterVenue: filters.venue, chosen: params.peakVenue, candidates: venues }) : null;
  const peaks = useApi<PeakResult>(picked ? '/flow/peaks' : null, {
    venue: picked?.venue,
    days: params.peakDays,
    throughput: params.throughput,
    target: params.targetUtilisation,
  });
  const options =
    picked && !venues.some((v) => v.venue === picked.venue)
      ? [{ venue: picked.venue, name: peaks.data?.venue.name ?? picked.name }, ...venues]
      : venues;
  const note = !picked
    ? null
    : picked.source === 'filter'
      ? words.peakVenueFromFilter
      : picked.source === 'chosen'
        ? words.peakChosen
        : fill(words.peakBusiest, { name: picked.name });

  return (
    <section class="forecast-section" aria-label={words.peaks} data-section="peaks">
      <h2 class="section-title">{words.peaks}</h2>
      <div class="card peak-controls">
        <label class="filter">
          <span>{words.peakVenue}</span>
          <select
            name={FORECAST_PARAMS.peakVenue}
            value={picked?.venue ?? ''}
            onChange={(event) => {
              const value = (event.target as HTMLSelectElement).value;
              // With a venue in the filters the choice goes to the filters, so the whole page follows it.
              if (filters.venue) updateParams({ venue: value });
              else updateParams({ [FORECAST_PARAMS.peakVenue]: value, [FORECAST_PARAMS.peakDay]: undefined });
            }}
          >
            {options.map((venue) => (
              <option key={venue.venue} value={venue.venue}>
                {venue.name}
              </option>
            ))}
          </select>
        </label>
        <NumberInput
          name={FORECAST_PARAMS.throughput}
          label={words.throughput}
          value={params.throughput}
          min={1}
          onCommit={(value) => updateParams({ [FORECAST_PARAMS.throughput]: String(value) }, { replace: true })}
        />
        <NumberInput
          name={FORECAST_PARAMS.target}
          label={`${words.targetUtilisation} (%)`}
          value={Math.round(params.targetUtilisation * 100)}
          min={1}
          max={100}
          onCommit={(value) => updateParams({ [FORECAST_PARAMS.target]: String(value / 100) }, { replace: true })}
        />
        <label class="filter">
          <span>{words.planDays}</span>
          <select
            name={FORECAST_PARAMS.peakDays}
            value={String(params.peakDays)}
            onChange={(event) => updateParams({ [FORECAST_PARAMS.peakDays]: (event.target as HTMLSelectElement).value }, { replace: true })}
          >
            {PEAK_DAYS.map((n) => (
              <option key={n} value={String(n)}>
                {fill(words.days, { n })}
              </option>
            ))}
          </select>
        </label>
        {note && <p class="page-note peak-note">{note}</p>}
      </div>
      {candidates.status === 'error' && !filters.venue ? (
        <ResourceView resource={candidates}>{() => null}</ResourceView>
      ) : !picked ? (
        candidates.data ? (
          <section class="card">
            <Empty message={words.peakNoVenue} />
          </section>
        ) : (
          <ResourceView resource={candidates}>{() => null}</ResourceView>
        )
      ) : (
        <ForecastResourceView resource={peaks} loadingLabel={words.computing}>
          {(result) => <PeakPlanView result={result} params={params} words={words} />}
        </ForecastResourceView>
      )}
    </section>
  );
}
