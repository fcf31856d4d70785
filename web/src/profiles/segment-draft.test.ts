import { describe, expect, it } from 'vitest';
import { createVocabulary } from './profile-vocabulary.ts';
import {
  decodeDraft,
  describeRules,
  draftOf,
  encodeDraft,
  isComplete,
  newDraftRule,
  parseValueText,
  toApiRules,
  withField,
  withOp,
  type DraftRule,
  type OperatorWords,
} from './segment-draft.ts';
import { FIELDS, PERSONAS } from './test-fixtures.ts';

const field = (name: string) => FIELDS.find((f) => f.name === name)!;
const words: OperatorWords = {
  eq: '是',
  in: '属于',
  not_in: '不属于',
  gte: '≥',
  lte: '≤',
  gt: '>',
  lt: '<',
  between: '介于',
  and: '且',
  listSeparator: '、',
  rangeSeparator: ' 至 ',
};

describe('the segment draft in the URL', () => {
  it('reads back what it wrote, values with separators and operators included', () => {
    const draft: DraftRule[] = [
      { field: 'lifecycle', op: 'in', values: ['at_risk', 'churned'] },
      { field: 'age_band', op: 'in', values: ['<18'] },
      { field: 'tag', op: 'not_in', values: ['category:门票', 'a,b;c%d'] },
      { field: 'monetary', op: 'between', values: ['100', '500.5'] },
      { field: 'spending_tier', op: 'gte', values: [''] },
    ];
    const text = encodeDraft(draft);
    expect(text).toContain('lifecycle:in:at_risk,churned;');
    // A row with nothing typed yet comes back with no values, which reads the same in the editor.
    const expected = [...draft.slice(0, 4), { field: 'spending_tier', op: 'gte', values: [] }];
    expect(decodeDraft(text)).toEqual(expected);
    expect(decodeDraft(new URLSearchParams(`prules=${encodeURIComponent(text)}`).get('prules'))).toEqual(expected);
  });

  it('leaves out pieces it cannot read instead of failing', () => {
    expect(decodeDraft('lifecycle:in:new;nonsense;Bad:in:x;province:like:广东;city:in:')).toEqual([
      { field: 'lifecycle', op: 'in', values: ['new'] },
      { field: 'city', op: 'in', values: [] },
    ]);
    expect(decodeDraft(null)).toEqual([]);
  });
});

describe('editing rows', () => {
  it('keeps the operator when the new field takes it and clears the values', () => {
    const rule: DraftRule = { field: 'spending_tier', op: 'gte', values: ['4'] };
    expect(withField(rule, field('monetary'))).toEqual({ field: 'monetary', op: 'gte', values: [] });
    expect(withField(rule, field('lifecycle'))).toEqual({ field: 'lifecycle', op: 'in', values: [] });
    expect(newDraftRule(field('monetary'))).toEqual({ field: 'monetary', op: 'in', values: [] });
  });

  it('fits the values to the operator', () => {
    const rule: DraftRule = { field: 'monetary', op: 'in', values: ['100', '200', '300'] };
    expect(withOp(rule, 'between').values).toEqual(['100', '200']);
    expect(withOp(rule, 'gte').values).toEqual(['100']);
    expect(withOp({ ...rule, values: [] }, 'between').values).toEqual(['', '']);
    expect(withOp(rule, 'not_in').values).toEqual(['100', '200', '300']);
  });

  it('splits typed values on commas, Chinese ones too, only for the set operators', () => {
    expect(parseValueText(' 广东, 浙江，江苏 ,', 'in')).toEqual(['广东', '浙江', '江苏']);
    expect(parseValueText(' 4.5 ', 'gte')).toEqual(['4.5']);
  });
});

describe('toApiRules', () => {
  it('sends the complete rows as rule objects and names the others', () => {
    const { rules, incomplete } = toApiRules([
      { field: 'lifecycle', op: 'in', values: ['at_risk'] },
      { field: 'monetary', op: 'between', values: ['100', ''] },
      { field: 'age_band', op: 'in', values: [' <18 '] },
      { field: 'spending_tier', op: 'gte', values: [''] },
    ]);
    expect(rules).toEqual([
      { field: 'lifecycle', op: 'in', values: ['at_risk'] },
      { field: 'age_band', op: 'in', values: ['<18'] },
    ]);
    expect(incomplete).toEqual([1, 3]);
    expect(isComplete({ field: 'monetary', op: 'between', values: ['1', '2'] })).toBe(true);
  });

  it('turns a saved rule back into an editable row', () => {
    expect(draftOf({ field: 'spending_tier', op: 'eq', values: [5] })).toEqual({ field: 'spending_tier', op: 'in', values: ['5'] });
  });
});

describe('describeRules', () => {
  it('writes the rules in words with the values named', () => {
    const vocabulary = createVocabulary(FIELDS, PERSONAS, 'zh-CN');
    expect(
      describeRules(
        [
          { field: 'lifecycle', op: 'in', values: ['at_risk', 'churned'] },
          { field: 'persona', op: 'in', values: [1] },
          { field: 'monetary', op: 'between', values: [100, 500] },
        ],
        vocabulary,
        words,
      ),
    ).toBe('生命周期 属于 流失风险、已流失 且 人群画像 是 高频 · 高消费 且 累计消费 介于 100 至 500');
  });
});
