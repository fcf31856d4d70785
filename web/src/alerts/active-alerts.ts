/** The answer of GET /api/v1/alerts/active, and how the dashboard names its kinds and severities. */
import { defineText, type Locale } from '../i18n/locale.ts';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface ActiveAlert {
  readonly id: string;
  readonly kind: string;
  readonly severity: AlertSeverity;
  readonly title: { readonly zh: string; readonly en: string };
  readonly detail: { readonly zh: string; readonly en: string };
  readonly date?: string;
  readonly place?: { readonly level: string; readonly value?: string; readonly name?: string };
  readonly value?: number;
  readonly expected?: number | null;
}

export interface ActiveAlertsAnswer {
  readonly at: string;
  readonly lastDay: string | null;
  readonly place: { readonly level: string; readonly value?: string; readonly name?: string };
  readonly alerts: readonly ActiveAlert[];
}

export const alertText = defineText({
  'zh-CN': {
    critical: '严重',
    warning: '警告',
    info: '提示',
    unusual_flow: '异常波动',
    error_rate: '系统错误率',
    emerging_hotspot: '新兴热点',
    over_capacity: '容量',
    ingest_rejects: '数据采集',
    none: '当前没有需要处理的告警。',
  },
  en: {
    critical: 'Critical',
    warning: 'Warning',
    info: 'Info',
    unusual_flow: 'Unusual day',
    error_rate: 'Error rate',
    emerging_hotspot: 'Emerging hot spot',
    over_capacity: 'Capacity',
    ingest_rejects: 'Data collection',
    none: 'No active alerts.',
  },
});

/** The alert's words in the dashboard's language. */
export const wordsOf = (words: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? words.en : words.zh);

/** Badge class of a severity (styles.css). */
export const severityClass = (severity: AlertSeverity) =>
  severity === 'critical' ? 'badge bad' : severity === 'warning' ? 'badge warn' : 'badge';
