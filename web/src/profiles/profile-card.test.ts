import { describe, expect, it } from 'vitest';
import { createFormat } from '../i18n/format.ts';
import { listOf, profileSections, SECTION_FIELDS, toneOf, type ProfileCardWords } from './profile-card.ts';
import { createVocabulary, formatFieldNumber } from './profile-vocabulary.ts';
import { FIELDS, PERSONAS } from './test-fixtures.ts';

const words: ProfileCardWords = {
  first_purchase: 'First purchase',
  purchase_days: 'Days with purchases',
  first_active: 'First active',
  registered_at: 'Registered',
  hour: '{h}:00',
  weekdays: 'Active weekdays',
  listSeparator: ', ',
};

describe('profile card', () => {
  const format = createFormat('en');
  const vocabulary = createVocabulary(FIELDS, PERSONAS, 'en');
  const profile = {
    user_id: 'U1',
    rfm_segment: 'champions',
    monetary: 7279.3,
    p_alive: 0.9888,
    expected_purchases_90d: 11.6013,
    churn_risk: 'high',
    top_categories: '["门票","年卡"]',
    active_hours: [11, 17],
    active_weekdays: '[6,3]',
    first_purchase: '2026-08-29',
    registered_at: '2026-08-18T00:03:10.000Z',
    province: '河南',
    age: null,
  };

  it('writes each fact in its unit, lists from arrays or JSON text, and colours the churn risk', () => {
    const sections = profileSections(profile, vocabulary, format, 'en', 'Asia/Shanghai', words);
    expect(sections.map((s) => s.id)).toEqual(['rfm', 'predictions', 'preferences', 'demographics']);
    const fact = (field: string) => sections.flatMap((s) => s.facts).find((f) => f.field === field)!;
    expect(fact('rfm_segment').value).toBe('Champions');
    expect(fact('monetary').value).toBe('¥7,279');
    expect(fact('p_alive').value).toBe('99%');
    expect(fact('expected_purchases_90d').value).toBe('11.6');
    expect(fact('churn_risk')).toMatchObject({ value: 'high', tone: 'bad' });
    expect(fact('top_categories').value).toBe('门票, 年卡');
    expect(fact('active_hours').value).toBe('11:00, 17:00');
    expect(fact('active_weekdays').value).toBe('Sat, Wed');
    expect(fact('first_purchase')).toMatchObject({ label: 'First purchase', value: 'Aug 29, 2026' });
    // Registered just after midnight UTC+8 is still the 18th there.
    expect(fact('registered_at').value).toBe('08/18/2026, 08:03');
    expect(fact('age').value).toBe('—');
    expect(sections.flatMap((s) => s.facts)).toHaveLength(Object.values(SECTION_FIELDS).flat().length);
  });

  it('reads lists whichever way they come and refuses what is not one', () => {
    expect(listOf('["a"]')).toEqual(['a']);
    expect(listOf([1, 2])).toEqual([1, 2]);
    expect(listOf('[]')).toBeNull();
    expect(listOf('not a list')).toBeNull();
    expect(toneOf('lifecycle', 'churned')).toBe('bad');
    expect(toneOf('lifecycle', 'registered')).toBeUndefined();
  });
});

describe('vocabulary', () => {
  it('names tags by their field and value, personas by name, and unknown values as they are', () => {
    const zh = createVocabulary(FIELDS, PERSONAS, 'zh-CN');
    expect(zh.valueLabel('tag', 'lifecycle:at_risk')).toBe('生命周期：流失风险');
    expect(zh.valueLabel('tag', 'time:weekend')).toBe('周末型');
    expect(zh.valueLabel('tag', 'category:门票')).toBe('偏好品类：门票');
    expect(zh.valueLabel('persona', '1')).toBe('高频 · 高消费');
    expect(zh.valueLabel('persona', '9')).toBe('#9');
    expect(zh.valueLabel('province', '广东')).toBe('广东');
    expect(zh.fieldLabel('persona')).toBe('人群画像');
    expect(createVocabulary(FIELDS, PERSONAS, 'en').valueLabel('lifecycle', 'at_risk')).toBe('At risk');
  });

  it('formats numbers of money, shares and counts as their field says', () => {
    const format = createFormat('zh-CN');
    expect(formatFieldNumber('monetary', 62.777, format)).toBe('¥62.78');
    expect(formatFieldNumber('evening_share', 0.4, format)).toBe('40%');
    expect(formatFieldNumber('frequency', 17, format)).toBe('17');
    expect(formatFieldNumber('orders_per_month', 5.2266, format)).toBe('5.23');
  });
});
