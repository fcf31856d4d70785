import { describe, expect, it } from 'vitest';
import { checkSvg } from '../svg/check-svg.test-helper.ts';
import { renderOrderReportHtml } from './render-order-report-html.ts';
import {
  emptyOrderReport,
  externalReferences,
  HOSTILE_NAME,
  orderReportFixture,
  sectionsOf,
  svgsOf,
} from './report-fixtures.test-helper.ts';

const html = renderOrderReportHtml(orderReportFixture());

/** The section whose heading is `heading`. */
function section(doc: string, heading: string): string {
  const found = sectionsOf(doc).find((s) => s.includes(`<h2>${heading}</h2>`));
  if (found === undefined) throw new Error(`no section ${heading}`);
  return found;
}

describe('renderOrderReportHtml', () => {
  it('renders one complete HTML document in Chinese by default', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>订单分析报告 2024-06-01 至 2024-06-30</title>');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<body>/g)).toHaveLength(1);
  });

  it('has no scripts and loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b/i);
  });

  it('carries print rules for A4 that keep charts and sections whole', () => {
    expect(html).toContain('@media print');
    expect(html).toContain('@page{size:A4');
    expect(html).toMatch(/section,figure[^{]*\{break-inside:avoid/);
  });

  it('draws one well-formed SVG per chart figure, ten charts in all', () => {
    const svgs = svgsOf(html);
    expect(svgs).toHaveLength(10);
    expect(html.match(/<figure class="chart">/g)).toHaveLength(10);
    for (const figure of html.match(/<figure class="chart">[\s\S]*?<\/figure>/g) ?? []) expect(svgsOf(figure)).toHaveLength(1);
    for (const svg of svgs) expect(checkSvg(svg)).toEqual([]);
  });

  it('follows every chart with a table of its numbers', () => {
    const withCharts = sectionsOf(html).filter((s) => s.includes('<figure'));
    expect(withCharts.length).toBeGreaterThanOrEqual(7);
    for (const s of withCharts) {
      const lastFigure = s.lastIndexOf('</figure>');
      expect(s.indexOf('<table', lastFigure)).toBeGreaterThan(lastFigure);
    }
  });

  it('states the period, both comparison periods, the filters, the zone and the generation time on the report clock', () => {
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain('<dd>2024-06-01 至 2024-06-30</dd>');
    expect(header).toContain('<dd>2024-05-02 至 2024-05-31</dd>');
    expect(header).toContain('<dd>2023-06-01 至 2023-06-30</dd>');
    expect(header).toContain('<dd>channel=wechat,app</dd>');
    expect(header).toContain('<dd>Asia/Shanghai</dd>');
    expect(header).toContain('<dd>2024-07-01 09:30</dd>');
  });

  it('shows KPI values in their units, money with two decimals', () => {
    const kpis = section(html, '核心指标');
    expect(kpis.match(/<li class="kpi">/g)).toHaveLength(12);
    expect(kpis).toContain('<div class="kpi-value">¥1,234,567.89</div>');
    expect(kpis).toContain('<div class="kpi-value">14,321</div>');
    expect(kpis).toContain('<div class="kpi-value">20.8%</div>');
  });

  it('states each change with an arrow, a signed rate and a word, not colour alone', () => {
    const kpis = section(html, '核心指标');
    expect(kpis).toContain('环比 <b>▲ +12.3%</b> 上升 · 上期 12,752');
    expect(kpis).toContain('同比 <b>▼ -3.1%</b> 下降 · 去年同期 14,779');
    expect(kpis).toContain('同比 <b>＝ 0.0%</b> 持平');
    expect(kpis).toContain('同比 — 无可比数据');
  });

  it('draws the funnel from created to completed and notes cancelled and refunded beside it', () => {
    const funnel = section(html, '订单漏斗');
    expect(funnel).toContain('另有已取消 733 单（占下单 5.1%），已退款 305 单（占下单 2.1%）。');
    expect(funnel).toContain('<td>已完成</td><td class="num">12,640</td><td class="num">88.3%</td><td class="num">96.5%</td>');
  });

  it('marks the anomalies on the daily charts and lists them in the daily table', () => {
    const daily = section(html, '每日趋势');
    expect(daily.match(/class="marker marker-high"/g)).toHaveLength(2);
    expect(daily.match(/class="marker marker-low"/g)).toHaveLength(1);
    expect(daily.match(/fill-opacity="0.2"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(daily).toContain('<td>2024-06-12</td><td>周三</td><td class="num">584</td>');
    expect(daily).toContain('<td>订单数 ▲ 偏高</td>');
  });

  it('escapes a hostile product name everywhere it appears', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows province change rates beside the bars and in the table', () => {
    const regions = section(html, '地区分布');
    expect(regions).toContain('环比 +13.4%');
    expect(regions).toContain('<td class="num">-3.2%</td>');
    expect(regions).toContain('<h3>城市排行</h3>');
  });

  it('labels the heatmap rows Monday to Sunday in order and names the peak slot', () => {
    const heat = section(html, '星期 × 时段订单分布');
    const rows = [...heat.matchAll(/<tr><td>(周.)<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    expect(heat).toContain('高峰时段：周六 14:00');
  });

  it('reads weekday 1 as Monday', () => {
    const values = Array.from({ length: 7 }, (_, r) => Array.from({ length: 24 }, (_, h) => (r === 0 && h === 9 ? 50 : 1)));
    const doc = renderOrderReportHtml(
      orderReportFixture({ heatmap: { weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [...Array(24).keys()], values } }),
    );
    expect(section(doc, '星期 × 时段订单分布')).toContain('高峰时段：周一 09:00（50 单）');
  });

  it('explains the anomaly rule and gives actual, expected range, deviation and relative size', () => {
    const anomalies = section(html, '异常');
    expect(anomalies).toContain('前 8 周同一星期几');
    expect(anomalies).toContain(
      '<td>2024-06-25</td><td>订单数</td><td class="num">181</td><td class="num">306 – 414</td><td class="num">360</td><td class="num">-179</td><td class="num">-49.7%</td><td>▼ 偏低</td>',
    );
  });

  it('shows the outlook with its method and note as given', () => {
    const outlook = section(html, '下期展望');
    expect(outlook).toContain('seasonal naive: mean of the same weekday over the last 4 weeks');
    expect(outlook).toContain('A plain projection without holidays or weather');
    expect(outlook).toContain('<dd>14,050</dd>');
    expect(outlook).toContain('<dd>¥1,210,345.60</dd>');
    expect(svgsOf(outlook)).toHaveLength(1);
  });

  it('switches headings and words to English when asked', () => {
    const en = renderOrderReportHtml(orderReportFixture(), { locale: 'en' });
    expect(en).toContain('<html lang="en">');
    for (const heading of ['Key figures', 'Order funnel', 'Daily trend', 'Anomalies', 'Outlook for the next period'])
      expect(en).toContain(`<h2>${heading}</h2>`);
    expect(en).not.toContain('<h2>核心指标</h2>');
    expect(en).toContain('vs previous <b>▲ +12.3%</b> up');
    expect(en).toContain('same weekday of the previous 8 weeks');
    expect(en).toContain('<tr><td>Mon</td>');
  });

  it('renders a period without orders as sentences, not broken charts', () => {
    const doc = renderOrderReportHtml(emptyOrderReport());
    expect(doc.trimEnd().endsWith('</html>')).toBe(true);
    for (const word of ['NaN', 'undefined', 'Infinity', '[object']) expect(doc).not.toContain(word);
    expect(section(doc, '订单漏斗')).toContain('<p class="empty">本期没有订单。</p>');
    expect(section(doc, '异常')).toContain('<p class="empty">本期未发现异常。</p>');
    expect(section(doc, '下期展望')).toContain('<p class="empty">历史数据不足，无法给出预测。</p>');
    expect(section(doc, '星期 × 时段订单分布')).toContain('本期没有订单。');
    expect(doc).toContain('<dd>无（全部数据）</dd>');
    expect(svgsOf(doc)).toEqual([]);
  });
});
