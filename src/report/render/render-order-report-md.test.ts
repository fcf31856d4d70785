import { describe, expect, it } from 'vitest';
import { fitChatMarkdown, renderOrderReportMarkdown, toChatText, utf8Length } from './render-order-report-md.ts';
import { emptyOrderReport, HOSTILE_NAME, htmlTagsOf, orderReportFixture, oversizedOrderReport } from './report-fixtures.test-helper.ts';
import { reportLabels } from './report-labels.ts';

const md = renderOrderReportMarkdown(orderReportFixture());
const lines = md.split('\n');

/** The lines under the bold heading that starts with `heading`, up to the next blank line. */
function block(text: string, heading: string): string[] {
  const all = text.split('\n');
  const start = all.findIndex((line) => line.startsWith(`**${heading}`));
  if (start < 0) throw new Error(`no block ${heading}`);
  const end = all.indexOf('', start);
  return all.slice(start + 1, end < 0 ? undefined : end);
}

describe('renderOrderReportMarkdown', () => {
  it('opens with the title and the period, then the KPIs', () => {
    expect(lines[0]).toBe('## 订单分析报告');
    expect(lines[1]).toBe('**2024-06-01 至 2024-06-30**｜时区 Asia/Shanghai');
    expect(md.indexOf('**核心指标**')).toBeLessThan(md.indexOf('**订单漏斗**'));
  });

  it('lists every KPI with its value and signed 环比 and 同比', () => {
    const kpis = block(md, '核心指标');
    expect(kpis).toHaveLength(12);
    expect(kpis).toContain('- 订单数 **14,321**｜环比 ▲+12.3%｜同比 ▼-3.1%');
    expect(kpis).toContain('- 销售额 **¥1,234,567.89**｜环比 ▲+12.2%｜同比 ▼-3.1%');
    expect(kpis).toContain('- 购买用户数 **10,876**｜环比 ▲+11.0%｜同比 —');
    expect(kpis).toContain('- 退款率 **2.1%**｜环比 ▲+7.6%｜同比 持平');
  });

  it('puts the funnel on one line with cancelled and refunded', () => {
    expect(block(md, '订单漏斗')).toEqual([
      '下单 14,321 → 已支付 13,102（91.5%） → 已完成 12,640（88.3%）；已取消 733（5.1%），已退款 305（2.1%）',
    ]);
  });

  it('shows the top 5 products, venues and provinces and says how many were left out', () => {
    const products = block(md, '热销商品 Top 5');
    expect(products.filter((line) => /^\d\. /.test(line))).toHaveLength(5);
    expect(products[0]).toBe('1. 故宫博物院成人票 ¥256,789.12');
    expect(products.at(-1)).toBe('- …另有 3 项未列出');
    expect(block(md, '热门场所 Top 5')).toHaveLength(5);
    expect(block(md, '省份分布 Top 5')).toContain('2. 浙江 ¥180,000.00 环比 ▼-3.2%');
  });

  it('lists anomalies with the rule in brief, actual, expected range and relative size', () => {
    expect(md).toContain('**异常**（对比前 8 周同一星期几的正常范围）');
    expect(block(md, '异常')).toContain('- 2024-06-25 订单数 ▼偏低 181（预期 306–414，-49.7%）');
  });

  it('gives the outlook with its method and note', () => {
    const outlook = block(md, '下期展望');
    expect(outlook[0]).toBe('- 预测订单数 14,050，预测销售额 ¥1,210,345.60');
    expect(outlook[1]).toContain('seasonal naive');
    expect(outlook[2]).toContain('A plain projection');
  });

  it('contains no HTML, and a hostile name cannot inject a tag', () => {
    expect(htmlTagsOf(md)).toEqual([]);
    expect(md).not.toContain(HOSTILE_NAME);
    expect(md).toContain('＜script＞alert(1)＜/script＞');
  });

  it('keeps a typical report well under the chat limit', () => {
    expect(md.length).toBeLessThan(3500);
    expect(utf8Length(md)).toBeLessThan(4096);
  });

  it('stays under 4096 bytes with 50 products, 50 venues, 40 provinces and 30 anomalies', () => {
    const big = renderOrderReportMarkdown(oversizedOrderReport());
    expect(utf8Length(big)).toBeLessThanOrEqual(4000);
    expect(block(big, '热销商品').filter((line) => /^\d\. /.test(line)).length).toBeLessThanOrEqual(5);
    expect(big).toContain('- …另有 45 项未列出');
    expect(big).toContain('- …另有 25 项未列出');
    expect(htmlTagsOf(big)).toEqual([]);
  });

  it('shortens lists first and then drops whole lines, never cutting one', () => {
    const full = renderOrderReportMarkdown(oversizedOrderReport(), { maxBytes: 100_000 }).split('\n');
    const small = renderOrderReportMarkdown(oversizedOrderReport(), { maxBytes: 1500 });
    expect(utf8Length(small)).toBeLessThanOrEqual(1500);
    const kept = small.split('\n');
    expect(kept.at(-1)).toBe(reportLabels('zh-CN').truncated);
    // Headings lose their "Top N" and the "… more" counts grow as lists shorten; every other line is whole.
    for (const line of kept.slice(0, -2)) expect(full.includes(line) || /^\*\*[^*]+\*\*$|^- …/.test(line)).toBe(true);
    expect(kept.slice(0, 19)).toEqual(full.slice(0, 19));
    expect(kept).not.toContain('**下期展望**（2024-07-01 至 2024-07-30）');
  });

  it('measures bytes the way WeCom does, three for a Chinese character', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('订单')).toBe(6);
    expect(utf8Length('é😀')).toBe(6);
    expect(utf8Length(md)).toBe(Buffer.byteLength(md, 'utf8'));
  });

  it('says so in a sentence when a period has no orders, no rankings, no anomalies and no forecast', () => {
    const empty = renderOrderReportMarkdown(emptyOrderReport());
    expect(block(empty, '订单漏斗')).toEqual(['本期没有订单。']);
    expect(block(empty, '热销商品')).toEqual(['本期无数据。']);
    expect(block(empty, '异常')).toEqual(['本期未发现异常。']);
    expect(block(empty, '下期展望')[0]).toBe('- 历史数据不足，无法给出预测。');
    expect(block(empty, '核心指标')).toContain('- 订单数 **0**｜环比 —｜同比 —');
    expect(empty).toContain('> 筛选条件：无（全部数据）');
    for (const word of ['NaN', 'undefined', 'Infinity']) expect(empty).not.toContain(word);
  });

  it('speaks English when asked', () => {
    const en = renderOrderReportMarkdown(orderReportFixture(), { locale: 'en' });
    expect(en).toContain('**Key figures**');
    expect(en).toContain('vs previous ▲+12.3%｜vs last year ▼-3.1%');
    expect(en).toContain('**Top products (5)**');
    expect(en).toContain('**Anomalies** (vs the same weekday of the previous 8 weeks)');
    expect(en).not.toContain('核心指标');
  });
});

describe('toChatText', () => {
  it('swaps markup characters for full-width look-alikes and keeps one line', () => {
    expect(toChatText('[a](b) *c* `d` <e> #f |g\nh')).toBe('［a］(b) ＊c＊ ˋdˋ ＜e＞ ＃f ｜g h');
  });

  it('cuts long text with an ellipsis', () => {
    expect(toChatText('一二三四五六七八九十', 5)).toBe('一二三四…');
  });
});

describe('fitChatMarkdown', () => {
  it('keeps the longest list limit that fits', () => {
    const words = reportLabels('en');
    const build = (limit: number) => [['# t'], ['**list**', ...Array.from({ length: limit }, (_, i) => `- item ${i}`)]];
    expect(fitChatMarkdown(build, 1000, words).split('\n')).toHaveLength(8);
    expect(fitChatMarkdown(build, 40, words)).toBe('# t\n\n**list**\n- item 0\n- item 1\n- item 2');
  });

  it('drops whole lines from the end, and a heading left alone with them', () => {
    const words = reportLabels('en');
    const build = () => [['# title'], ['**a**', 'x'.repeat(40)], ['**b**', 'y'.repeat(80)]];
    const fitted = fitChatMarkdown(build, 57 + utf8Length(words.truncated), words);
    expect(fitted).toBe(`# title\n\n**a**\n${'x'.repeat(40)}\n\n${words.truncated}`);
  });
});
