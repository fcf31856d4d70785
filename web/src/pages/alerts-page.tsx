/**
 * /alerts — what needs attention now, for the places in the filters: unusual days, error rate,
 * emerging hot spots, capacity, rejected records; each with the rule that raised it. Subscriptions,
 * rules and the delivery log belong to the push center, which this version does not have yet: the
 * page says so instead of showing empty controls.
 */
import { useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { FiltersNotApplied } from '../components/filters-not-applied.tsx';
import { alertText, severityClass, wordsOf, type ActiveAlertsAnswer, type AlertSeverity } from '../alerts/active-alerts.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { ResourceView } from '../components/state-view.tsx';
import { defineText } from '../i18n/locale.ts';
import { updateParams, useLocation } from '../url-state.ts';

const text = defineText({
  'zh-CN': {
    title: '告警',
    note: '根据最近一个完整日的数据和数据采集情况判断；数据更新后自动重新判断。',
    judged: '判断日期：{day}',
    all: '全部',
    kind: '类型',
    severity: '级别',
    alert: '告警',
    place: '地点',
    date: '日期',
    count: '数量',
    byKind: '按类型',
    rulesTitle: '告警规则',
    rule1: '异常波动：最近一个完整日的客流、订单数或销售额超出正常范围（前 8 周同星期的中位数 ± 3 个稳健标准差），6 个以上为严重。',
    rule2: '系统错误率：同一规则，只在偏高时告警。',
    rule3: '新兴热点：近 7 天客流增长远超该场所自身以往的增长。',
    rule4: '容量：未来 7 天的预测客流达到容量的 90%（警告）或 100%（严重）。',
    rule5: '数据采集：实时接入自服务启动以来或近 24 小时导入中有被拒记录；导入失败为严重。',
    pushTitle: '订阅与推送',
    push: '企业微信、钉钉、飞书、邮件和短信的订阅、推送规则和发送记录由推送中心提供，推送中心尚未在此版本中上线。上线后会在这里管理；在此之前，告警可在这里和总览页查看，也可通过 GET /api/v1/alerts/active 获取。',
  },
  en: {
    title: 'Alerts',
    note: 'Judged on the last complete day of data and on data collection; judged again whenever the data changes.',
    judged: 'Day judged: {day}',
    all: 'All',
    kind: 'Kind',
    severity: 'Severity',
    alert: 'Alert',
    place: 'Place',
    date: 'Date',
    count: 'Count',
    byKind: 'By kind',
    rulesTitle: 'Alert rules',
    rule1:
      'Unusual day: the last complete day’s visitors, orders or revenue outside the normal range (median of the same weekday over the previous 8 weeks ± 3 robust spreads); 6 or more spreads is critical.',
    rule2: 'Error rate: the same rule, raised only when the rate is high.',
    rule3: 'Emerging hot spot: a venue’s flow over the last 7 days growing well beyond its own past growth.',
    rule4: 'Capacity: the forecast of the next 7 days reaching 90% (warning) or 100% (critical) of capacity.',
    rule5:
      'Data collection: rejected records in the streams since the server started or in an import of the last 24 hours; a failed import is critical.',
    pushTitle: 'Subscriptions and delivery',
    push: 'Subscriptions, push rules and the delivery log for WeCom, DingTalk, Feishu, email and SMS come with the push center, which this version does not have yet; they will be managed here. Until then alerts are shown here and on the overview, and served by GET /api/v1/alerts/active.',
  },
});

const SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

export default function AlertsPage() {
  const { locale, filters, format } = useAppContext();
  const t = text(locale);
  const words = alertText(locale);
  const { params } = useLocation();
  const severity = params.get('severity') as AlertSeverity | null;
  const answer = useApi<ActiveAlertsAnswer>('/alerts/active', { province: filters.province, city: filters.city, venue: filters.venue });

  return (
    <div class="page">
      <h1 class="page-title">{t.title}</h1>
      <p class="page-note">{t.note}</p>
      <FiltersNotApplied names={['channel', 'segment']} what={locale === 'en' ? 'the alerts' : '告警'} />
      <ResourceView resource={answer}>
        {(data) => {
          const shown = data.alerts.filter((alert) => !severity || alert.severity === severity);
          const kinds = [...new Set(data.alerts.map((alert) => alert.kind))];
          const byKind = kinds.map((kind) => ({
            kind: (words as Record<string, string>)[kind] ?? kind,
            count: data.alerts.filter((alert) => alert.kind === kind).length,
          }));
          return (
            <div class="page">
              <div class="card">
                <div class="card-header">
                  <h2>{data.lastDay ? t.judged.replace('{day}', format.date(data.lastDay)) : t.title}</h2>
                  <div class="card-actions" role="group" aria-label={t.severity}>
                    <button type="button" aria-pressed={!severity} onClick={() => updateParams({ severity: undefined })}>
                      {t.all} ({data.alerts.length})
                    </button>
                    {SEVERITIES.map((level) => (
                      <button key={level} type="button" aria-pressed={severity === level} onClick={() => updateParams({ severity: level })}>
                        {words[level]} ({data.alerts.filter((alert) => alert.severity === level).length})
                      </button>
                    ))}
                  </div>
                </div>
                {shown.length === 0 ? (
                  <div class="state state-empty">{words.none}</div>
                ) : (
                  <ul class="alert-list">
                    {shown.map((alert) => (
                      <li key={alert.id} data-alert={alert.kind}>
                        <span class={severityClass(alert.severity)}>{words[alert.severity]}</span>{' '}
                        <span class="badge">{(words as Record<string, string>)[alert.kind] ?? alert.kind}</span>{' '}
                        <strong>{wordsOf(alert.title, locale)}</strong>
                        <div class="alert-detail">{wordsOf(alert.detail, locale)}</div>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {byKind.length > 0 && (
                <ChartCard
                  title={t.byKind}
                  exportName="alerts-by-kind"
                  height={220}
                  option={{
                    grid: { left: 120, right: 24, top: 8, bottom: 24 },
                    tooltip: { trigger: 'axis' },
                    xAxis: { type: 'value', minInterval: 1 },
                    yAxis: { type: 'category', data: byKind.map((row) => row.kind) },
                    series: [{ type: 'bar', name: t.count, data: byKind.map((row) => row.count) }],
                  }}
                  table={{
                    columns: [
                      { key: 'kind', label: t.kind },
                      { key: 'count', label: t.count, numeric: true },
                    ],
                    rows: byKind,
                  }}
                />
              )}
            </div>
          );
        }}
      </ResourceView>
      <div class="grid grid-2">
        <section class="card">
          <h2>{t.rulesTitle}</h2>
          <ul class="rule-list">
            <li>{t.rule1}</li>
            <li>{t.rule2}</li>
            <li>{t.rule3}</li>
            <li>{t.rule4}</li>
            <li>{t.rule5}</li>
          </ul>
        </section>
        <section class="card">
          <h2>{t.pushTitle}</h2>
          <p>{t.push}</p>
        </section>
      </div>
    </div>
  );
}
