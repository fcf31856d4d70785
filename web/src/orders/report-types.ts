/**
 * Shapes of the report documents the server answers with `GET /api/v1/reports/:kind?format=json`
 * (see src/analysis/reports/report-model.ts), as the order and log pages read them.
 */

export type ReportCell = string | number | null;

export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

/** A KPI with its previous-period (环比) and same-period-last-year (同比) comparison. */
export interface ReportKpi {
  readonly metric: string;
  readonly label: string;
  readonly unit: 'count' | 'currency' | 'ratio';
  readonly value: number | null;
  readonly previous: number | null;
  readonly previousChangeRate: number | null;
  readonly lastYear: number | null;
  readonly lastYearChangeRate: number | null;
}

export interface ReportAnomaly {
  readonly at: string;
  readonly metric: string;
  readonly value: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly direction: 'high' | 'low';
  readonly deviation: number;
  readonly relative: number | null;
}

export interface ReportSeriesPoint {
  readonly at: string;
  readonly value: number | null;
  readonly expected?: number | null;
  readonly lower?: number | null;
  readonly upper?: number | null;
}

export type ColumnUnit = 'count' | 'currency' | 'ratio' | 'change_rate' | 'text';

export interface ReportTable {
  readonly title: string;
  readonly columns: readonly { readonly name: string; readonly label: string; readonly unit?: ColumnUnit }[];
  readonly rows: readonly Readonly<Record<string, ReportCell>>[];
}

export interface OrderReport {
  readonly kind: 'orders';
  readonly title: string;
  readonly generatedAt: string;
  readonly timeZone: string;
  readonly period: ReportPeriod;
  readonly previousPeriod: ReportPeriod;
  readonly lastYearPeriod: ReportPeriod;
  readonly filters: readonly string[];
  readonly kpis: readonly ReportKpi[];
  readonly funnel: {
    readonly created: number;
    readonly paid: number;
    readonly completed: number;
    readonly cancelled: number;
    readonly refunded: number;
  };
  readonly daily: { readonly orders: readonly ReportSeriesPoint[]; readonly revenue: readonly ReportSeriesPoint[] };
  readonly channelMix: ReportTable;
  readonly orderTypeMix: ReportTable;
  readonly topProducts: ReportTable;
  readonly topVenues: ReportTable;
  readonly provinces: ReportTable;
  readonly cities: ReportTable;
  readonly heatmap: {
    readonly weekdays: readonly number[];
    readonly hours: readonly number[];
    readonly values: readonly (readonly number[])[];
  };
  readonly anomalies: readonly ReportAnomaly[];
  readonly outlook: {
    readonly method: string;
    readonly note: string;
    readonly period: ReportPeriod;
    readonly orders: number | null;
    readonly revenue: number | null;
    readonly daily: readonly ReportSeriesPoint[];
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
  readonly kpis: readonly ReportKpi[];
  readonly daily: {
    readonly days: readonly string[];
    readonly byLevel: Readonly<Record<string, readonly number[]>>;
    readonly errorRate: readonly (number | null)[];
  };
  readonly byType: ReportTable;
  readonly bySource: ReportTable;
  readonly topErrors: readonly LogTemplateRow[];
  readonly spikes: readonly ReportAnomaly[];
}
