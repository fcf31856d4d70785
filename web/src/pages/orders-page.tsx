/**
 * /orders — the order report, interactive: KPIs with 环比/同比, the funnel, daily trends with their
 * normal range, mixes and rankings that set the shared filters when clicked, the weekday × hour
 * heatmap, unusual days and the next period's outlook, plus the report and metrics as files.
 */
import { useMemo } from 'preact/hooks';
import { useApi, useMetrics, type QueryResult } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ReportDownloads, reportFileName } from '../components/report-downloads.tsx';
import { ChartCard } from '../charts/chart-card.tsx';
import { KpiCard } from '../components/kpi-card.tsx';
import { ResourceView } from '../components/state-view.tsx';
import { describeFilterTexts } from '../filters/filter-labels.ts';
import { toWhere } from '../filters/filters.ts';
import { venueName, usePlaces } from '../places.ts';
import { fill } from '../i18n/locale.ts';
import {
  anomalyTable,
  buildDailyChart,
  buildFunnelChart,
  buildHeatmapChart,
  buildMixChart,
  buildOutlookChart,
  buildRankingChart,
  mixRowsOfQuery,
  orderDownloadLinks,
  orderReportParams,
  outlookSentence,
  toKpiCards,
  toMixRows,
  type BarKey,
  type MixRow,
} from '../orders/order-report-view.ts';
import { ordersText, type OrdersText } from '../orders/orders-text.ts';
import type { OrderReport } from '../orders/report-types.ts';
import { TableCard } from '../components/table-card.tsx';
import { updateParams, useLocation } from '../url-state.ts';
import '../orders/orders.css';

/** URL parameter of the mix metric (orders or revenue). */
const MIX_PARAM = 'orders_mix';

function Downloads({ t }: { t: OrdersText }) {
  const { filters, locale } = useAppContext();
  return (
    <ReportDownloads
      links={orderDownloadLinks(filters, locale)}
      t={t}
      note={t.downloadsNote}
      fileName={reportFileName('orders', filters)}
    />
  );
}

function MixMetricPicker({ value, t }: { value: 'orders' | 'revenue'; t: OrdersText }) {
  return (
    <div class="report-tools">
      <span class="tools-label">{t.mixMetric}</span>
      <span class="segmented" role="group" aria-label={t.mixMetric}>
        {(['orders', 'revenue'] as const).map((metric) => (
          <button
            key={metric}
            type="button"
            aria-pressed={value === metric}
            onClick={() => updateParams({ [MIX_PARAM]: metric === 'orders' ? undefined : metric }, { replace: true })}
          >
            {t[metric]}
          </button>
        ))}
      </span>
    </div>
  );
}

function MixCard(props: {
  title: string;
  subtitle?: string;
  dimensionLabel: string;
  rows: readonly MixRow[];
  metric: 'orders' | 'revenue';
  exportName: string;
  selected?: string | undefined;
  onPick?: (key: string) => void;
  t: OrdersText;
}) {
  const { format } = useAppContext();
  const chart = useMemo(
    () => buildMixChart(props.rows, props.metric, props.dimensionLabel, format, props.t, props.selected),
    [props.rows, props.metric, props.dimensionLabel, format, props.t, props.selected],
  );
  const pick = props.onPick;
  return (
    <ChartCard
      title={props.title}
      subtitle={props.subtitle}
      option={chart.option}
      table={chart.table}
      exportName={props.exportName}
      height={260}
      onClick={pick ? (params) => pick((params.data as { key?: string } | undefined)?.key ?? '') : undefined}
    />
  );
}

function OrderReportView({ report, mix, t }: { report: OrderReport; mix: 'orders' | 'revenue'; t: OrdersText }) {
  const { format, locale, filters, today } = useAppContext();
  const where = toWhere(filters);
  const dailyNote = filters.to >= today ? `${t.dailyNote} ${t.partialToday}` : t.dailyNote;
  const statuses = useMetrics({ metric: ['orders', 'revenue'], by: ['status'], from: filters.from, to: filters.to, where }, locale);
  const categories = useMetrics({ metric: ['orders', 'revenue'], by: ['category'], from: filters.from, to: filters.to, where }, locale);

  const charts = useMemo(() => {
    const province = (row: Readonly<Record<string, unknown>>) => String(row.province ?? '—');
    const keyed = (key: BarKey) => key;
    return {
      kpis: toKpiCards(report.kpis, format, t),
      funnel: buildFunnelChart(report, format, t),
      orders: buildDailyChart(report.daily.orders, report.anomalies, 'orders', format, t),
      revenue: buildDailyChart(report.daily.revenue, report.anomalies, 'revenue', format, t),
      channels: toMixRows(report.channelMix.rows, 'channel', locale),
      types: toMixRows(report.orderTypeMix.rows, 'order_type', locale),
      provinces: buildRankingChart({
        table: report.provinces,
        label: province,
        metric: mix,
        format,
        sort: true,
        max: 34,
        keyOf: (row) => keyed({ province: province(row) }),
        note: (row) => `(${format.change(row[mix === 'revenue' ? 'revenue_change_rate' : 'orders_change_rate'] as number | null)})`,
        isSelected: (row) => row.province === filters.province,
      }),
      cities: buildRankingChart({
        table: report.cities,
        label: (row) => `${String(row.city ?? '—')} · ${province(row)}`,
        metric: 'revenue',
        format,
        keyOf: (row) => keyed({ province: province(row), city: String(row.city ?? '') }),
        isSelected: (row) => row.city === filters.city,
      }),
      venues: buildRankingChart({
        table: report.topVenues,
        label: (row) => String(row.venue_name ?? row.venue ?? '—'),
        metric: 'revenue',
        format,
        keyOf: (row) => keyed({ province: province(row), city: String(row.city ?? ''), venue: String(row.venue ?? '') }),
        isSelected: (row) => row.venue === filters.venue,
      }),
      products: buildRankingChart({
        table: report.topProducts,
        label: (row) => String(row.product_name ?? row.product ?? '—'),
        metric: 'revenue',
        format,
      }),
      heatmap: buildHeatmapChart(report, format, t),
      anomalies: anomalyTable(report.anomalies, format, t),
      outlook: buildOutlookChart(report, format, t),
    };
  }, [report, format, t, locale, mix, filters.province, filters.city, filters.venue]);

  const drill = (key: BarKey | undefined) => {
    if (!key?.province) return;
    updateParams({ province: key.province, city: key.city || undefined, venue: key.venue || undefined });
  };
  const f = report.funnel;
  const peak = charts.heatmap.peak;

  return (
    <>
      <div class="report-kpis" aria-label={t.title}>
        {charts.kpis.map((kpi) => (
          <KpiCard key={kpi.id} {...kpi} formatChange={format.change} />
        ))}
      </div>
      <div class="grid grid-2">
        <ChartCard title={t.dailyOrders} subtitle={dailyNote} exportName="orders-daily" {...charts.orders} height={260} />
        <ChartCard title={t.dailyRevenue} subtitle={dailyNote} exportName="revenue-daily" {...charts.revenue} height={260} />
      </div>
      <div class="grid grid-3">
        <ChartCard
          title={t.funnel}
          subtitle={fill(t.funnelNote, { cancelled: format.number(f.cancelled), refunded: format.number(f.refunded) })}
          exportName="orders-funnel"
          {...charts.funnel}
          height={260}
        />
        <MixCard
          title={t.channelMix}
          subtitle={t.channelNote}
          dimensionLabel={t.channel}
          rows={charts.channels}
          metric={mix}
          exportName="orders-channel-mix"
          selected={filters.channel}
          onPick={(key) => key && updateParams({ channel: key === filters.channel ? undefined : key })}
          t={t}
        />
        <MixCard title={t.orderTypeMix} dimensionLabel={t.orderType} rows={charts.types} metric={mix} exportName="orders-type-mix" t={t} />
      </div>
      <div class="grid grid-2">
        <ResourceView resource={statuses} isEmpty={(data: QueryResult) => data.rows.length === 0}>
          {(data) => (
            <MixCard
              title={t.statusMix}
              subtitle={t.statusNote}
              dimensionLabel={t.status}
              rows={mixRowsOfQuery(data, 'status', locale)}
              metric={mix}
              exportName="orders-status-mix"
              t={t}
            />
          )}
        </ResourceView>
        <ResourceView resource={categories} isEmpty={(data: QueryResult) => data.rows.length === 0}>
          {(data) => (
            <MixCard
              title={t.categoryMix}
              dimensionLabel={t.category}
              rows={mixRowsOfQuery(data, 'category', locale)}
              metric={mix}
              exportName="orders-category-mix"
              t={t}
            />
          )}
        </ResourceView>
      </div>
      <div class="grid grid-2">
        <ChartCard
          title={t.provinces}
          subtitle={t.provincesNote}
          exportName="orders-provinces"
          {...charts.provinces}
          height={Math.max(240, Math.min(34, report.provinces.rows.length) * 22 + 20)}
          onClick={(params) => drill((params.data as { key?: BarKey } | undefined)?.key)}
        />
        <ChartCard
          title={t.cities}
          subtitle={t.citiesNote}
          exportName="orders-cities"
          {...charts.cities}
          height={Math.max(240, Math.min(34, report.provinces.rows.length) * 22 + 20)}
          onClick={(params) => drill((params.data as { key?: BarKey } | undefined)?.key)}
        />
      </div>
      <div class="grid grid-2">
        <ChartCard
          title={t.venues}
          subtitle={t.venuesNote}
          exportName="orders-venues"
          {...charts.venues}
          height={280}
          onClick={(params) => drill((params.data as { key?: BarKey } | undefined)?.key)}
        />
        <ChartCard title={t.products} exportName="orders-products" {...charts.products} height={280} />
      </div>
      <div class="grid grid-2">
        <ChartCard
          title={t.heatmap}
          subtitle={
            peak
              ? fill(t.heatmapPeak, { slot: `${peak.weekday} ${String(peak.hour).padStart(2, '0')}:00`, count: format.number(peak.orders) })
              : undefined
          }
          exportName="orders-weekday-hour"
          {...charts.heatmap}
          height={280}
        />
        <TableCard
          title={t.anomalies}
          subtitle={t.anomaliesNote}
          table={charts.anomalies}
          exportName="orders-anomalies"
          emptyMessage={t.noAnomalies}
        />
      </div>
      <ChartCard
        title={t.outlook}
        subtitle={
          report.outlook.orders === null ? (
            t.noForecast
          ) : (
            <>
              {outlookSentence(report, format, t)}
              <br />
              <span title={report.outlook.note}>
                {t.method}: {report.outlook.method}
              </span>
            </>
          )
        }
        exportName="orders-outlook"
        {...charts.outlook}
        height={280}
      />
    </>
  );
}

export default function OrdersPage() {
  const { locale, format, filters } = useAppContext();
  const { params } = useLocation();
  const t = ordersText(locale);
  const mix = params.get(MIX_PARAM) === 'revenue' ? 'revenue' : 'orders';
  const report = useApi<OrderReport>('/reports/orders', orderReportParams(filters, locale));
  const data = report.data;
  // The report names its filters as `name=value`: shown in words, a venue and a segment by their names.
  const places = usePlaces().data;
  const segments = useApi<{ segments: { id: number | string; name: string }[] }>(filters.segment ? '/segments' : null);
  const filterNames = {
    venueName: (id: string) => venueName(places, id),
    segmentName: (id: string) => segments.data?.segments.find((segment) => String(segment.id) === id)?.name,
  };
  return (
    <div class="page orders-page">
      <div class="report-header">
        <div>
          <h1 class="page-title">{t.title}</h1>
          <p class="page-note">
            {fill(t.note, {
              from: format.date(filters.from),
              to: format.date(filters.to),
              previous: data ? `${format.date(data.previousPeriod.from)} – ${format.date(data.previousPeriod.to)}` : '…',
              lastYear: data ? `${format.date(data.lastYearPeriod.from)} – ${format.date(data.lastYearPeriod.to)}` : '…',
            })}
            {data && data.filters.length > 0 && (
              <> {fill(t.filtersApplied, { filters: describeFilterTexts(data.filters, locale, filterNames) })}</>
            )}
          </p>
        </div>
        <div class="report-tools">
          <MixMetricPicker value={mix} t={t} />
          <Downloads t={t} />
        </div>
      </div>
      <ResourceView resource={report}>{(loaded) => <OrderReportView report={loaded} mix={mix} t={t} />}</ResourceView>
    </div>
  );
}
