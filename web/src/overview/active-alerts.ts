/** Active alerts (GET /api/v1/alerts/active) in the order an operator reads them: the most severe first. */
import type { Locale } from '../i18n/locale.ts';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface ActiveAlert {
  readonly id: string;
  readonly kind: 'outside_forecast' | 'emerging_hotspot' | 'over_capacity' | 'ingest_rejects' | string;
  readonly severity: AlertSeverity;
  readonly title: { readonly zh: string; readonly en: string };
  readonly detail: { readonly zh: string; readonly en: string };
  readonly date?: string;
  readonly place?: { readonly level: string; readonly value?: string; readonly name?: string };
}

export interface ActiveAlertsAnswer {
  readonly at: string;
  readonly alerts: readonly ActiveAlert[];
}

const ORDER: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

/** Critical first, then warnings, then information; the server's order is kept within a severity. */
export function sortAlerts(alerts: readonly ActiveAlert[]): ActiveAlert[] {
  return alerts
    .map((alert, index) => ({ alert, index }))
    .sort((a, b) => (ORDER[a.alert.severity] ?? 3) - (ORDER[b.alert.severity] ?? 3) || a.index - b.index)
    .map(({ alert }) => alert);
}

/** An alert's words in the dashboard's language. */
export function alertWords(alert: ActiveAlert, locale: Locale): { title: string; detail: string } {
  return locale === 'en' ? { title: alert.title.en, detail: alert.detail.en } : { title: alert.title.zh, detail: alert.detail.zh };
}
