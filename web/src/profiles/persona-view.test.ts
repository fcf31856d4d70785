import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import { personaSizes, traitValue, type PersonaWords } from './persona-view.ts';
import type { PersonaTrait } from './profile-types.ts';
import { PERSONAS } from './test-fixtures.ts';

const words: PersonaWords = {
  persona: '画像',
  personaSize: '人数',
  personaShare: '占购买用户',
  traitDays: '{n} 天',
  traitPerMonth: '{n} 次/月',
  traitShareOfUsers: '{share} 的人',
};
const format = createFormat('zh-CN');
const trait = (field: string, kind: PersonaTrait['kind'] = 'numeric'): PersonaTrait => ({
  field,
  kind,
  direction: 'high',
  level: kind === 'category' ? 'wechat' : null,
  effect: 1,
  value: 0,
  overall: 0,
  word: { zh: '', en: '' },
});

describe('personas', () => {
  it('lists personas by size, largest first, in the chart and its table', () => {
    const { option, table } = personaSizes(PERSONAS, format, 'zh-CN', words);
    expect(table.rows.map((r) => [r.name, r.size])).toEqual([
      ['久未到访', 203],
      ['高频 · 高消费', 157],
    ]);
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(['久未到访', '高频 · 高消费']);
  });

  it('writes each trait in the unit of its feature', () => {
    expect(traitValue(trait('recencyDays'), 98.9, format, words)).toBe('99 天');
    expect(traitValue(trait('frequency'), 0.384, format, words)).toBe('0.4 次/月');
    expect(traitValue(trait('avgBasket'), 235.15, format, words)).toBe('¥235');
    expect(traitValue(trait('eveningShare'), 0.4008, format, words)).toBe('40%');
    expect(traitValue(trait('preferredChannel', 'category'), 0.62, format, words)).toBe('62% 的人');
  });
});
