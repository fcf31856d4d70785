import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api.ts';
import { describeError, isNoDataError } from './error-text.ts';

describe('error sentences', () => {
  it('says the errors the dashboard knows in Chinese, with the names and numbers the server gave', () => {
    const segment = new ApiRequestError('no segment 3f2a-11', 400, 'invalid_query', 'where');
    expect(describeError(segment, 'zh-CN')).toBe('人群 3f2a-11 不存在（可能已被删除）。请在筛选栏换一个人群或清除人群筛选。');
    const long = new ApiRequestError(
      'the period 2024-01-01 … 2026-01-26 has 757 days; this answer covers at most 366',
      400,
      'invalid_query',
      'to',
    );
    expect(describeError(long, 'zh-CN')).toBe('所选时间段有 757 天，这里最多能查 366 天。请缩短时间段。');
    expect(describeError(new ApiRequestError('no venue NOPE in the catalog', 400, 'invalid_query', 'venue'), 'zh-CN')).toContain('NOPE');
    expect(describeError(new ApiRequestError('no venue NOPE in the catalog', 400, 'invalid_query', 'venue'), 'zh-CN')).not.toMatch(
      /catalog/,
    );
  });

  it('says an unreachable server in the reader’s language', () => {
    const down = new ApiRequestError('the server cannot be reached', 0, 'unreachable');
    expect(describeError(down, 'zh-CN')).toMatch(/^连不上服务器/);
    expect(describeError(down, 'en')).toMatch(/^The server cannot be reached/);
  });

  it('knows "no data yet" as an empty store rather than a failure', () => {
    const empty = new ApiRequestError('there is no order or event data to forecast from yet', 400, 'invalid_query', 'data');
    expect(isNoDataError(empty)).toBe(true);
    expect(describeError(empty, 'zh-CN')).toMatch(/还没有订单或事件数据/);
    expect(isNoDataError(new Error('boom'))).toBe(false);
  });

  it("falls back to the server's text for what it does not know", () => {
    expect(describeError(new ApiRequestError('something odd', 400, 'invalid_body'), 'en')).toBe('something odd');
    expect(describeError(new Error('boom'), 'zh-CN')).toBe('boom');
  });
});
