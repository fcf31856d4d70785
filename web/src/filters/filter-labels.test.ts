import { describe, expect, it } from 'vitest';
import { describeFilterTexts, filterLabel } from './filter-labels.ts';

describe('filters in words', () => {
  it('names the filters and their values as people read them, never as API syntax', () => {
    expect(describeFilterTexts(['channel=wechat', 'province=河南'], 'zh-CN')).toBe('渠道：微信端，省份：河南');
    expect(describeFilterTexts(['channel=wechat'], 'en')).toBe('Channel: WeChat');
  });

  it('shows a venue and a segment by their names', () => {
    const names = { venueName: (id: string) => (id === 'V00001' ? '郑州动物园' : undefined), segmentName: () => '高价值用户' };
    expect(filterLabel('venue', 'V00001', 'zh-CN', names)).toBe('场所：郑州动物园');
    expect(describeFilterTexts(['segment=3f2a-11'], 'zh-CN', names)).toBe('人群：高价值用户');
    expect(filterLabel('venue', 'V9', 'zh-CN', names)).toBe('场所：V9');
  });
});
