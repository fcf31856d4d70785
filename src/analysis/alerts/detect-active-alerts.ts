/**
 * What needs an operator's attention now, from plain data: the last complete day's flow, orders or
 * revenue outside its normal range, a system error rate out of line, emerging hot spots, places whose
 * forecast fills their capacity, and records rejected at collection. Each alert says what, where and
 * by how much in both languages. The push center will deliver these; the dashboard shows them.
 *
 * Rules, in plain words:
 * - Unusual day: the anomaly rule of the reports (flag-anomalies.ts: same weekday over the previous
 *   8 weeks, ± 3 robust spreads) applied to the last complete day; 6 spreads or more is critical.
 * - Error rate: the same rule, only when the rate is high.
 * - Emerging hot spot: the hot-spot ranking's emerging screen (growth well beyond the place's own
 *   history); informational.
 * - Capacity: the stored forecast of the coming days against the places' capacity for those days;
 *   90% is a warning, 100% critical.
 * - Rejects: any rejected record in the streams since the server started or in an import of the last
 *   24 hours; a failed import is critical.
 */
import { flagAnomalies, type SeriesPoint } from '../anomalies/flag-anomalies.ts';

export type AlertKind = 'unusual_flow' | 'error_rate' | 'emerging_hotspot' | 'over_capacity' | 'ingest_rejects';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Words {
  readonly zh: string;
  readonly en: string;
}

export interface AlertPlace {
  readonly level: 'all' | 'province' | 'city' | 'venue';
  readonly value?: string | undefined;
  readonly name?: string | undefined;
}

export interface ActiveAlert {
  /** Stable while the condition lasts (kind, place, day), so a push is sent once. */
  readonly id: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly title: Words;
  readonly detail: Words;
  readonly date?: string | undefined;
  readonly place?: AlertPlace | undefined;
  readonly value?: number | undefined;
  readonly expected?: number | null | undefined;
}

export type FlowMetric = 'visitors' | 'orders' | 'revenue';

export interface HotspotSignal {
  readonly key: string;
  readonly label: string;
  readonly level: 'province' | 'city' | 'venue';
  readonly current: number;
  readonly growth: number | null;
  readonly typicalGrowth: number | null;
  readonly emerging: boolean;
  /** Capacity and forecast over the same coming days. */
  readonly capacity: number | null;
  readonly forecast: number | null;
}

export interface RejectSignal {
  readonly source: string;
  readonly kind: string;
  readonly rejected: number;
  readonly failed?: boolean;
  readonly latestReason?: string | undefined;
  /** ISO time of the latest reject or run. */
  readonly at: string;
}

export interface AlertInputs {
  /** The last complete day, the one the day rules judge. */
  readonly lastDay: string;
  readonly place: AlertPlace;
  /** Daily series ending on lastDay (missing days as 0), for each flow metric. */
  readonly flow: readonly { readonly metric: FlowMetric; readonly points: readonly SeriesPoint[] }[];
  /** Daily system error rate (0..1) ending on lastDay; absent when there are no logs. */
  readonly errorRate?: readonly SeriesPoint[] | undefined;
  readonly hotspots?: readonly HotspotSignal[] | undefined;
  /** Days the hot spots' forecast and capacity cover. */
  readonly hotspotDays?: number | undefined;
  readonly rejects?: readonly RejectSignal[] | undefined;
}

const METRIC_WORDS: Readonly<Record<FlowMetric, Words>> = {
  visitors: { zh: '客流', en: 'Visitors' },
  orders: { zh: '订单数', en: 'Orders' },
  revenue: { zh: '销售额', en: 'Revenue' },
};

const SEVERITY_ORDER: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

function placeWords(place: AlertPlace): Words {
  if (place.level === 'all') return { zh: '全部', en: 'All places' };
  const name = place.name ?? place.value ?? '';
  return { zh: name, en: name };
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const number = (value: number, metric: FlowMetric | 'rate') =>
  metric === 'rate' ? `${(value * 100).toFixed(2)}%` : metric === 'revenue' ? `¥${value.toFixed(0)}` : value.toFixed(0);

function lastDayVerdict(points: readonly SeriesPoint[], lastDay: string) {
  const last = points[points.length - 1];
  if (!last || last.at !== lastDay) return undefined;
  const flagged = flagAnomalies(points, { period: 7 });
  const verdict = flagged[flagged.length - 1];
  return verdict && verdict.anomaly && verdict.expected !== null ? verdict : undefined;
}

export function detectActiveAlerts(inputs: AlertInputs): ActiveAlert[] {
  const alerts: ActiveAlert[] = [];
  const where = placeWords(inputs.place);
  const placeKey = `${inputs.place.level}:${inputs.place.value ?? ''}`;

  for (const { metric, points } of inputs.flow) {
    const verdict = lastDayVerdict(points, inputs.lastDay);
    if (!verdict) continue;
    const words = METRIC_WORDS[metric];
    const high = verdict.anomaly === 'high';
    const change = verdict.relative === null ? '' : ` (${verdict.relative > 0 ? '+' : ''}${percent(verdict.relative)})`;
    alerts.push({
      id: `unusual_flow:${metric}:${placeKey}:${inputs.lastDay}`,
      kind: 'unusual_flow',
      severity: Math.abs(verdict.score ?? 0) >= 6 ? 'critical' : 'warning',
      title: {
        zh: `${where.zh} ${words.zh}${high ? '异常偏高' : '异常偏低'}`,
        en: `${words.en} ${high ? 'unusually high' : 'unusually low'}: ${where.en}`,
      },
      detail: {
        zh: `${inputs.lastDay} ${words.zh} ${number(verdict.value, metric)}，通常约 ${number(verdict.expected!, metric)}（前 8 周同星期中位数）${change}。`,
        en: `${inputs.lastDay}: ${number(verdict.value, metric)}, usually about ${number(verdict.expected!, metric)} (median of the same weekday over the previous 8 weeks)${change}.`,
      },
      date: inputs.lastDay,
      place: inputs.place,
      value: verdict.value,
      expected: verdict.expected,
    });
  }

  if (inputs.errorRate) {
    const verdict = lastDayVerdict(inputs.errorRate, inputs.lastDay);
    if (verdict?.anomaly === 'high') {
      alerts.push({
        id: `error_rate:${inputs.lastDay}`,
        kind: 'error_rate',
        severity: Math.abs(verdict.score ?? 0) >= 6 ? 'critical' : 'warning',
        title: { zh: '系统错误率异常升高', en: 'System error rate unusually high' },
        detail: {
          zh: `${inputs.lastDay} 错误率 ${number(verdict.value, 'rate')}，通常约 ${number(verdict.expected!, 'rate')}。`,
          en: `${inputs.lastDay}: ${number(verdict.value, 'rate')} of log records were errors, usually about ${number(verdict.expected!, 'rate')}.`,
        },
        date: inputs.lastDay,
        value: verdict.value,
        expected: verdict.expected,
      });
    }
  }

  const days = inputs.hotspotDays ?? 7;
  for (const spot of inputs.hotspots ?? []) {
    const place: AlertPlace = { level: spot.level, value: spot.key, name: spot.label };
    if (spot.emerging && spot.growth !== null) {
      const usual = spot.typicalGrowth === null ? '' : spot.typicalGrowth;
      alerts.push({
        id: `emerging_hotspot:${spot.level}:${spot.key}:${inputs.lastDay}`,
        kind: 'emerging_hotspot',
        severity: 'info',
        title: { zh: `新兴热点：${spot.label}`, en: `Emerging hot spot: ${spot.label}` },
        detail: {
          zh: `近 ${days} 天客流 ${spot.current}，环比 ${spot.growth > 0 ? '+' : ''}${percent(spot.growth)}${usual === '' ? '' : `，以往通常 ${percent(usual)}`}。`,
          en: `${spot.current} visitors in the last ${days} days, ${spot.growth > 0 ? '+' : ''}${percent(spot.growth)} on the period before${usual === '' ? '' : ` (usually ${percent(usual)})`}.`,
        },
        date: inputs.lastDay,
        place,
        value: spot.current,
      });
    }
    if (spot.capacity && spot.capacity > 0 && spot.forecast !== null && spot.forecast / spot.capacity >= 0.9) {
      const share = spot.forecast / spot.capacity;
      alerts.push({
        id: `over_capacity:${spot.level}:${spot.key}:${inputs.lastDay}`,
        kind: 'over_capacity',
        severity: share >= 1 ? 'critical' : 'warning',
        title: { zh: `预计接近或超过容量：${spot.label}`, en: `Forecast near or over capacity: ${spot.label}` },
        detail: {
          zh: `未来 ${days} 天预测客流 ${spot.forecast.toFixed(0)}，占容量 ${percent(share)}。`,
          en: `Forecast ${spot.forecast.toFixed(0)} visitors over the next ${days} days, ${percent(share)} of capacity.`,
        },
        place,
        value: spot.forecast,
        expected: spot.capacity,
      });
    }
  }

  for (const reject of inputs.rejects ?? []) {
    if (reject.rejected <= 0 && !reject.failed) continue;
    const reason = reject.latestReason ? ` ${reject.latestReason}` : '';
    alerts.push({
      id: `ingest_rejects:${reject.source}:${reject.kind}:${reject.at.slice(0, 13)}`,
      kind: 'ingest_rejects',
      severity: reject.failed ? 'critical' : 'warning',
      title: reject.failed
        ? { zh: `数据导入失败：${reject.source} / ${reject.kind}`, en: `Import failed: ${reject.source} / ${reject.kind}` }
        : { zh: `数据有被拒记录：${reject.source} / ${reject.kind}`, en: `Records rejected: ${reject.source} / ${reject.kind}` },
      detail: {
        zh: reject.failed ? `导入未完成。${reason}` : `被拒记录 ${reject.rejected} 条。最近原因：${reason || '—'}`,
        en: reject.failed
          ? `The import did not complete.${reason}`
          : `Rejected records: ${reject.rejected}. Latest reason:${reason || ' —'}`,
      },
      value: reject.rejected,
    });
  }

  return alerts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
