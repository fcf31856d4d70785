/**
 * /data — collection health, refreshed every 10 s: rows, time range and freshness per entity; what
 * each source did to each entity; the latest reject reasons; streaming rates; the recent imports.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { ErrorMessage, Loading } from '../components/state-view.tsx';
import {
  addRateSample,
  averageRate,
  buildImportsChart,
  buildRateChart,
  entityHealth,
  formatAge,
  formatDayIn,
  importRows,
  importTable,
  rejectRows,
  rejectTable,
  sourceRows,
  sourceTable,
  toRateSample,
  type EntityHealth,
  type RateSample,
} from '../data/data-health.ts';
import { dataText, type DataText } from '../data/data-text.ts';
import type { ImportRejectsAnswer, IngestStatsAnswer, StoreStatus } from '../data/data-types.ts';
import { fill } from '../i18n/locale.ts';
import { TableCard } from '../components/table-card.tsx';
import '../orders/orders.css';

/** How often the page asks again, in milliseconds. */
const REFRESH_MS = 10_000;
/** Imports listed in the recent-imports table and chart. */
const RECENT_IMPORTS = 20;

const BADGE_CLASS = { fresh: 'good', late: 'warn', stale: 'bad', empty: '' } as const;

function EntityCard({ entity, t }: { entity: EntityHealth; t: DataText }) {
  const { format, timeZone, locale } = useAppContext();
  const time = (value: string | null) => formatDayIn(value, format, locale, timeZone);
  return (
    <section class="card entity-card" data-entity={entity.kind} data-rows={entity.rows} data-freshness={entity.freshness}>
      <h2>
        {entity.label}
        <span class={`badge ${BADGE_CLASS[entity.freshness]}`} title={t.freshnessNote}>
          {t[entity.freshness]}
        </span>
      </h2>
      <div class="kpi-value" aria-label={t.rows}>
        {format.number(entity.rows)}
      </div>
      <dl>
        <dt>{t.range}</dt>
        <dd>{entity.from === null ? '—' : `${time(entity.from)} – ${time(entity.to)}`}</dd>
        <dt>{t.newest}</dt>
        <dd>{entity.newestAge === null ? '—' : fill(t.ago, { age: formatAge(entity.newestAge, format, t) })}</dd>
        <dt>{t.lastIngest}</dt>
        <dd>{entity.lastIngestAge === null ? t.never : fill(t.ago, { age: formatAge(entity.lastIngestAge, format, t) })}</dd>
      </dl>
    </section>
  );
}

function RatesCard({ stats, history, t }: { stats: IngestStatsAnswer; history: readonly RateSample[]; t: DataText }) {
  const { format, timeZone, locale } = useAppContext();
  const chart = useMemo(() => buildRateChart(history, format, timeZone, locale, t), [history, format, timeZone, locale, t]);
  const subtitle = fill(t.ratesNote, { average: format.number(averageRate(stats), 1) });
  if (stats.stream.entries.length === 0 || !chart)
    return (
      <section class="card" data-card="ingest-rates">
        <header class="card-header">
          <div>
            <h2>{t.rates}</h2>
            <p class="card-subtitle">{subtitle}</p>
          </div>
        </header>
        <div class="state state-empty">{stats.stream.entries.length === 0 ? t.noStream : t.ratesWaiting}</div>
      </section>
    );
  return <ChartCard title={t.rates} subtitle={subtitle} exportName="ingest-rates" {...chart} height={240} />;
}

function DataView({
  status,
  stats,
  rejects,
  history,
  t,
}: {
  status: StoreStatus;
  stats: IngestStatsAnswer;
  rejects: ImportRejectsAnswer | undefined;
  history: readonly RateSample[];
  t: DataText;
}) {
  const { format, timeZone, locale } = useAppContext();
  const parts = useMemo(() => {
    const imports = importRows(status.lastImports.slice(0, RECENT_IMPORTS), locale, t);
    return {
      entities: entityHealth(status, stats, Date.parse(stats.at), locale),
      sources: sourceTable(sourceRows(stats, locale, t), format, timeZone, t),
      rejects: rejectTable(rejectRows(stats, rejects?.rejects ?? [], locale), format, timeZone, t),
      imports,
      importTable: importTable(imports, format, timeZone, t),
      importsChart: buildImportsChart(imports, format, timeZone, t),
    };
  }, [status, stats, rejects, format, timeZone, locale, t]);
  return (
    <>
      <div class="entity-grid" aria-label={t.entities}>
        {parts.entities.map((entity) => (
          <EntityCard key={entity.kind} entity={entity} t={t} />
        ))}
      </div>
      <p class="page-note">{t.freshnessNote}</p>
      <div class="grid grid-2">
        <RatesCard stats={stats} history={history} t={t} />
        {parts.imports.length === 0 ? (
          <section class="card">
            <h2>{t.importsChart}</h2>
            <div class="state state-empty">{t.noImports}</div>
          </section>
        ) : (
          <ChartCard
            title={t.importsChart}
            subtitle={t.importsChartNote}
            exportName="imports-composition"
            option={parts.importsChart}
            table={parts.importTable}
            height={Math.max(240, parts.imports.length * 22 + 50)}
          />
        )}
      </div>
      <TableCard title={t.sources} subtitle={t.sourcesNote} table={parts.sources} exportName="ingest-sources" emptyMessage={t.noSources} />
      <TableCard title={t.rejects} subtitle={t.rejectsNote} table={parts.rejects} exportName="ingest-rejects" emptyMessage={t.noRejects} />
      <TableCard title={t.imports} table={parts.importTable} exportName="imports" emptyMessage={t.noImports} />
    </>
  );
}

export default function DataPage() {
  const { locale, format, timeZone } = useAppContext();
  const t = dataText(locale);
  const status = useApi<StoreStatus>('/status', { imports: RECENT_IMPORTS });
  const stats = useApi<IngestStatsAnswer>('/ingest/stats');
  const rejects = useApi<ImportRejectsAnswer>('/ingest/rejects', { limit: 100 });
  const [history, setHistory] = useState<RateSample[]>([]);
  const { reload: reloadStatus } = status;
  const { reload: reloadStats } = stats;
  const { reload: reloadRejects } = rejects;

  useEffect(() => {
    const timer = setInterval(() => {
      // A hidden tab has no one to show the numbers to.
      if (document.hidden) return;
      reloadStatus();
      reloadStats();
      reloadRejects();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadStatus, reloadStats, reloadRejects]);

  useEffect(() => {
    const answer = stats.data;
    if (answer) setHistory((previous) => addRateSample(previous, toRateSample(answer)));
  }, [stats.data]);

  const clock = useMemo(
    () => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
    [locale, timeZone],
  );
  const loading = status.status === 'loading' || stats.status === 'loading';
  const error = status.status === 'error' ? status.error : stats.status === 'error' ? stats.error : null;

  return (
    <div class="page data-page">
      <div class="report-header">
        <div>
          <h1 class="page-title">{t.title}</h1>
          <p class="page-note">{fill(t.note, { since: stats.data ? format.dateTime(stats.data.stream.since, timeZone) : '…' })}</p>
        </div>
        <div class="report-tools">
          <span class="updated-at" aria-live="polite" data-updated-at={stats.data?.at}>
            {loading ? t.refreshing : stats.data ? fill(t.updatedAt, { time: clock.format(new Date(stats.data.at)) }) : ''}
          </span>
          <button
            type="button"
            onClick={() => {
              reloadStatus();
              reloadStats();
              reloadRejects();
            }}
          >
            {t.refresh}
          </button>
        </div>
      </div>
      <p class="notice" role="note">
        {t.noteFilters}
      </p>
      {error && <ErrorMessage error={error} onRetry={() => (reloadStatus(), reloadStats())} />}
      {status.data && stats.data ? (
        <DataView status={status.data} stats={stats.data} rejects={rejects.data} history={history} t={t} />
      ) : (
        !error && <Loading />
      )}
    </div>
  );
}
