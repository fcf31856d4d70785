import { describe, expect, it } from 'vitest';
import { checkSvg } from '../svg/check-svg.test-helper.ts';
import { levelsText, orderLevels, renderLogReportHtml } from './render-log-report-html.ts';
import { emptyLogReport, externalReferences, HOSTILE_NAME, logReportFixture, sectionsOf, svgsOf } from './report-fixtures.test-helper.ts';

const html = renderLogReportHtml(logReportFixture());

function section(doc: string, heading: string): string {
  const found = sectionsOf(doc).find((s) => s.includes(`<h2>${heading}</h2>`));
  if (found === undefined) throw new Error(`no section ${heading}`);
  return found;
}

describe('renderLogReportHtml', () => {
  it('renders one complete, self-contained HTML document with print rules', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>系统日志分析报告 2024-06-24 至 2024-06-30</title>');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script/i);
    expect(externalReferences(html)).toEqual([]);
  });

  it('draws four well-formed charts, each in its own figure and followed by a table', () => {
    const svgs = svgsOf(html);
    expect(svgs).toHaveLength(4);
    expect(html.match(/<figure class="chart">/g)).toHaveLength(4);
    for (const svg of svgs) expect(checkSvg(svg)).toEqual([]);
    for (const s of sectionsOf(html).filter((x) => x.includes('<figure')))
      expect(s.indexOf('<table', s.lastIndexOf('</figure>'))).toBeGreaterThan(0);
  });

  it('shows the log count and error rate with both comparisons', () => {
    const kpis = section(html, '核心指标');
    expect(kpis).toContain('<div class="kpi-value">1,712,345</div>');
    expect(kpis).toContain('<div class="kpi-value">0.7%</div>');
    expect(kpis).toContain('环比 <b>▲ +3.8%</b> 上升 · 上期 1,650,000');
    expect(kpis).toContain('同比 — 无可比数据');
  });

  it('draws one line per level, least severe first, and tabulates levels, totals and the error rate per day', () => {
    const daily = section(html, '每日趋势');
    expect(daily.match(/<g class="series">/g)).toHaveLength(6);
    const head = daily.match(/<thead>[\s\S]*?<\/thead>/g)?.[0] ?? '';
    expect([...head.matchAll(/<th[^>]*>([^<]+)<\/th>/g)].map((m) => m[1])).toEqual([
      '日期',
      '星期',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
      '合计',
      '错误率',
    ]);
    expect(daily).toContain('<td>2024-06-27</td><td>周四</td>');
    expect(daily).toContain('<td class="num">5,400</td><td class="num">12</td>');
  });

  it('breaks logs down by type and by source with the error rate beside each bar', () => {
    expect(section(html, '按日志类型')).toContain('错误率 31.0%');
    expect(section(html, '按日志源')).toContain('<td>server</td><td class="num">600,000</td><td class="num">1.0%</td>');
  });

  it('lists error templates in code with count, levels, an escaped example and times on the report clock', () => {
    const errors = section(html, '高频错误模板');
    expect(errors).toContain('<code>upstream &lt;url&gt; timed out after &lt;duration&gt;</code>');
    expect(errors).toContain('<td>FATAL 20 · ERROR 4,100</td>');
    expect(errors).toContain('<td>2024-06-24 10:11</td><td>2024-06-30 23:59</td>');
    expect(errors).toContain('<td>2024-06-27 14:02</td>');
    expect(errors).not.toContain(HOSTILE_NAME);
    expect(errors).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is not a function');
    expect(errors).toContain('…</td>');
  });

  it('explains the spike rule and tabulates each spike', () => {
    const spikes = section(html, '突增时段');
    expect(spikes).toContain('前 7 天同一小时');
    expect(spikes).toContain('<td>2024-06-27 14:00</td><td>错误数</td><td class="num">3,150</td><td class="num">20 – 95</td>');
    expect(spikes).toContain('<td class="num">+5,958.0%</td><td>▲ 偏高</td>');
  });

  it('switches headings to English when asked', () => {
    const en = renderLogReportHtml(logReportFixture(), { locale: 'en' });
    expect(en).toContain('<html lang="en">');
    for (const heading of ['Key figures', 'Daily trend', 'By log type', 'By source', 'Top error templates', 'Spikes'])
      expect(en).toContain(`<h2>${heading}</h2>`);
    expect(en).not.toContain('<h2>核心指标</h2>');
  });

  it('renders a week without logs as sentences', () => {
    const doc = renderLogReportHtml(emptyLogReport());
    for (const word of ['NaN', 'undefined', 'Infinity']) expect(doc).not.toContain(word);
    expect(section(doc, '每日趋势')).toContain('<p class="empty">本期没有日志。</p>');
    expect(section(doc, '按日志类型')).toContain('<p class="empty">本期无数据。</p>');
    expect(section(doc, '高频错误模板')).toContain('<p class="empty">本期没有错误日志。</p>');
    expect(section(doc, '突增时段')).toContain('<p class="empty">本期未发现突增。</p>');
    expect(svgsOf(doc)).toEqual([]);
  });
});

describe('orderLevels', () => {
  it('orders known levels by severity and keeps unknown ones after them in their order', () => {
    expect(orderLevels(['ERROR', 'custom', 'INFO', 'FATAL', 'audit', 'DEBUG', 'WARN'])).toEqual([
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
      'custom',
      'audit',
    ]);
  });
});

describe('levelsText', () => {
  it('names the most severe level first', () => {
    expect(levelsText({ ERROR: 1200, FATAL: 3 }, 'zh-CN')).toBe('FATAL 3 · ERROR 1,200');
  });
});
