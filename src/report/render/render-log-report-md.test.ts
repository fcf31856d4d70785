import { describe, expect, it } from 'vitest';
import type { LogTemplateRow } from '../../analysis/reports/report-model.ts';
import { renderLogReportMarkdown } from './render-log-report-md.ts';
import { utf8Length } from './render-order-report-md.ts';
import { emptyLogReport, HOSTILE_NAME, htmlTagsOf, logReportFixture } from './report-fixtures.test-helper.ts';

const md = renderLogReportMarkdown(logReportFixture());

function block(text: string, heading: string): string[] {
  const all = text.split('\n');
  const start = all.findIndex((line) => line.startsWith(`**${heading}`));
  if (start < 0) throw new Error(`no block ${heading}`);
  const end = all.indexOf('', start);
  return all.slice(start + 1, end < 0 ? undefined : end);
}

describe('renderLogReportMarkdown', () => {
  it('opens with title and period, then the KPIs with signed comparisons and the count per level', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('## 系统日志分析报告');
    expect(lines[1]).toBe('**2024-06-24 至 2024-06-30**｜时区 Asia/Shanghai');
    expect(block(md, '核心指标')).toEqual([
      '- 日志量 **1,712,345**｜环比 ▲+3.8%｜同比 —',
      '- 错误率 **0.7%**｜环比 ▲+10.9%｜同比 —',
      '- 按级别：FATAL 14 · ERROR 13,320 · WARN 31,290 · INFO 1,326,299 · DEBUG 391,300',
    ]);
  });

  it('ranks types and sources with their error rates', () => {
    expect(block(md, '按日志类型')).toContain('3. system_error 32,345 错误率 31.0%');
    expect(block(md, '按日志源')[0]).toBe('1. api 1,000,000 错误率 0.6%');
  });

  it('lists error templates as inert code with count and levels', () => {
    const errors = block(md, '高频错误模板');
    expect(errors[0]).toBe('1. `upstream ＜url＞ timed out after ＜duration＞` ×4,120（FATAL 20 · ERROR 4,100）');
    expect(md).not.toContain(HOSTILE_NAME);
    expect(htmlTagsOf(md)).toEqual([]);
  });

  it('lists spikes with the rule in brief', () => {
    expect(md).toContain('**突增时段**（对比前 7 天同一小时的正常范围）');
    expect(block(md, '突增时段')).toContain('- 2024-06-27 15:00 日志量 ▲偏高 41,000（预期 8,200–12,900，+290.5%）');
  });

  it('stays under 4096 bytes with 50 long error templates', () => {
    const many: LogTemplateRow[] = Array.from({ length: 50 }, (_, i) => ({
      template: `service ${i} failed to reach <url> after <num> retries while handling request <id> for tenant <str> in region <str>`,
      count: 1000 - i,
      levels: { ERROR: 1000 - i },
      example: 'x'.repeat(2000),
    }));
    const big = renderLogReportMarkdown(logReportFixture({ topErrors: many }));
    expect(utf8Length(big)).toBeLessThan(4096);
    expect(block(big, '高频错误模板').filter((line) => /^\d\. /.test(line))).toHaveLength(5);
    expect(big).toContain('- …另有 45 项未列出');
  });

  it('says so in a sentence when there are no logs, no errors and no spikes', () => {
    const empty = renderLogReportMarkdown(emptyLogReport());
    expect(block(empty, '核心指标')).toContain('- 按级别：本期没有日志。');
    expect(block(empty, '按日志类型')).toEqual(['本期无数据。']);
    expect(block(empty, '高频错误模板')).toEqual(['本期没有错误日志。']);
    expect(block(empty, '突增时段')).toEqual(['本期未发现突增。']);
  });

  it('speaks English when asked', () => {
    const en = renderLogReportMarkdown(logReportFixture(), { locale: 'en' });
    expect(en).toContain('**Key figures**');
    expect(en).toContain('**Top error templates (4)**');
    expect(en).toContain('×4,120 (FATAL 20 · ERROR 4,100)');
    expect(en).toContain('**Spikes** (vs the same hour of the previous 7 days)');
  });
});
