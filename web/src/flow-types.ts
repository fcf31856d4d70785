/** Shapes of the customer-flow answers the dashboard reads (GET /api/v1/flow/*, /calendar). */

export interface ForecastPoint {
  readonly ds: string;
  readonly yhat: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
  /** Additive parts of yhat: trend, weekly, yearly, holiday, weather, events… */
  readonly components?: Readonly<Record<string, number>>;
}

export interface MethodScore {
  readonly method: string;
  readonly mase: number | null;
  readonly smape: number | null;
}

export interface FlowForecast {
  readonly metric: 'visitors' | 'orders' | 'revenue';
  readonly target: { readonly level: 'all' | 'province' | 'city' | 'venue'; readonly value?: string; readonly name?: string };
  readonly horizon: number;
  readonly computedAt: string;
  readonly historyEnd: string | null;
  readonly stored: boolean;
  readonly recent: readonly { readonly date: string; readonly value: number }[];
  readonly forecast: {
    readonly method: string;
    readonly combines: readonly string[];
    readonly points: readonly ForecastPoint[];
    readonly backtest?: {
      readonly horizon: number;
      readonly windows: number;
      readonly scores: readonly MethodScore[];
      readonly selected: MethodScore;
      readonly seasonalNaive: MethodScore;
    } | null;
    readonly effects?: {
      readonly holidays?: Readonly<Record<string, number>>;
      readonly weather?: Readonly<Record<string, number>>;
      readonly weekdays?: readonly number[];
    } | null;
    readonly fallback?: string | null;
    readonly notes?: readonly string[];
  };
}

export interface CalendarDay {
  readonly date: string;
  readonly type: 'weekend' | 'holiday' | 'makeup_workday';
  readonly holiday?: string;
  readonly label?: { readonly zh: string; readonly en: string };
  readonly holidayDay?: number;
  readonly holidayLength?: number;
}
