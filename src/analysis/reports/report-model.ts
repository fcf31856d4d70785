/**
 * The report documents as plain data: what `--format json` prints and what the HTML and Markdown
 * renderers draw. Every number in them comes from the metrics layer.
 */
import type { Cell } from '../result-table.ts';

export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

/** One KPI with its previous-period (环比) and same-period-last-year (同比) comparison. */
export interface Kpi {
  readonly metric: string;
  readonly label: string;
  readonly unit: 'count' | 'currency' | 'ratio';
  readonly value: number | null;
  readonly previous: number | null;
  readonly previousChangeRate: number | null;
  readonly lastYear: number | null;
  readonly lastYearChangeRate: number | null;
  /** Why the KPI has no value: the report's filters cannot apply to it (visitors under an order-type filter). */
  readonly notApplicable?: string | undefined;
}

/** A day (or hour) outside the range its own history makes expected. */
export interface Anomaly {
  readonly at: string;
  readonly metric: string;
  readonly value: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly direction: 'high' | 'low';
  /** value − expected, and that relative to expected. */
  readonly deviation: number;
  readonly relative: number | null;
}

export interface SeriesPoint {
  readonly at: string;
  readonly value: number | null;
  readonly expected?: number | null;
  readonly lower?: number | null;
  readonly upper?: number | null;
}

/** A named table of rows (mix, ranking…), columns in order. */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly {
    readonly name: string;
    readonly label: string;
    readonly unit?: 'count' | 'currency' | 'ratio' | 'change_rate' | 'text';
  }[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

export interface OrderReport {
  readonly kind: 'orders';
  readonly title: string;
  readonly generatedAt: string;
  readonly timeZone: string;
  /** The days reported: the part of the asked period with data. */
  readonly period: ReportPeriod;
  /** The period as asked, when known. */
  readonly requestedPeriod?: ReportPeriod | undefined;
  /** The store's first day of orders or visits and its last complete day of them, when known. */
  readonly dataPeriod?: ReportPeriod | undefined;
  /** What a reader needs to read the numbers right: the period cut to the data, days not judged, comparisons left out. */
  readonly notes?: readonly string[] | undefined;
  readonly previousPeriod: ReportPeriod;
  readonly lastYearPeriod: ReportPeriod;
  /** The filters applied, as text (`channel=wechat`). */
  readonly filters: readonly string[];
  readonly kpis: readonly Kpi[];
  /** Orders created in the period: created → paid → completed, with cancelled and refunded beside. */
  readonly funnel: {
    readonly created: number;
    readonly paid: number;
    readonly completed: number;
    readonly cancelled: number;
    readonly refunded: number;
  };
  /** Daily orders and revenue with the expected range used for anomalies. */
  readonly daily: { readonly orders: readonly SeriesPoint[]; readonly revenue: readonly SeriesPoint[] };
  readonly channelMix: ReportTable;
  readonly orderTypeMix: ReportTable;
  readonly topProducts: ReportTable;
  readonly topVenues: ReportTable;
  readonly provinces: ReportTable;
  readonly cities: ReportTable;
  /** Orders by ISO weekday (rows 1–7) × hour of day (columns 0–23). */
  readonly heatmap: {
    readonly weekdays: readonly number[];
    readonly hours: readonly number[];
    readonly values: readonly (readonly number[])[];
  };
  readonly anomalies: readonly Anomaly[];
  /** Outlook for the next period of the same length. */
  readonly outlook: {
    readonly method: string;
    readonly note: string;
    readonly period: ReportPeriod;
    readonly orders: number | null;
    readonly revenue: number | null;
    readonly daily: readonly SeriesPoint[];
  };
}

export interface LogTemplateRow {
  readonly template: string;
  readonly count: number;
  readonly levels: Readonly<Record<string, number>>;
  readonly example: string;
  readonly first?: string | undefined;
  readonly last?: string | undefined;
}

export interface LogReport {
  readonly kind: 'logs';
  readonly title: string;
  readonly generatedAt: string;
  readonly timeZone: string;
  readonly period: ReportPeriod;
  /** The filters applied, as text (`log_source=client`); absent from reports made before they were shown. */
  readonly filters?: readonly string[] | undefined;
  readonly kpis: readonly Kpi[];
  /** Daily log volume per level, and the error rate. */
  readonly daily: {
    readonly days: readonly string[];
    readonly byLevel: Readonly<Record<string, readonly number[]>>;
    readonly errorRate: readonly (number | null)[];
  };
  readonly byType: ReportTable;
  readonly bySource: ReportTable;
  /** ERROR and FATAL messages grouped into templates (numbers, ids, paths replaced). */
  readonly topErrors: readonly LogTemplateRow[];
  /** Hours whose log or error volume left the expected range. */
  readonly spikes: readonly Anomaly[];
}
