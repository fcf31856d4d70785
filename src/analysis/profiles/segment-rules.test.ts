import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../store/duckdb/migrations.ts';
import { PROFILE_FIELDS, profileField, TAGS_SQL } from './profile-fields.ts';
import {
  checkSegmentRules,
  compileSegmentWhere,
  formatSegmentRule,
  parseSegmentRule,
  SegmentRuleError,
  type SegmentRule,
} from './segment-rules.ts';

/** The error `work` throws, or a failure when it throws none. */
function errorOf(work: () => unknown): SegmentRuleError {
  try {
    work();
  } catch (error) {
    if (error instanceof SegmentRuleError) return error;
    throw error;
  }
  throw new Error('expected a SegmentRuleError');
}

describe('parseSegmentRule', () => {
  it.each<[string, SegmentRule]>([
    ['lifecycle=at_risk', { field: 'lifecycle', op: 'eq', values: ['at_risk'] }],
    ['province=广东,浙江', { field: 'province', op: 'in', values: ['广东', '浙江'] }],
    ['churn_risk!=low', { field: 'churn_risk', op: 'not_in', values: ['low'] }],
    ['churn_risk!=low,medium', { field: 'churn_risk', op: 'not_in', values: ['low', 'medium'] }],
    ['spending_tier>=4', { field: 'spending_tier', op: 'gte', values: [4] }],
    ['spending_tier<=2', { field: 'spending_tier', op: 'lte', values: [2] }],
    ['spending_tier>3', { field: 'spending_tier', op: 'gt', values: [3] }],
    ['spending_tier<3', { field: 'spending_tier', op: 'lt', values: [3] }],
    ['monetary=100..500', { field: 'monetary', op: 'between', values: [100, 500] }],
    ['p_alive=0.25..0.5', { field: 'p_alive', op: 'between', values: [0.25, 0.5] }],
    ['spending_tier=4,5', { field: 'spending_tier', op: 'in', values: [4, 5] }],
    ['top_categories=门票', { field: 'top_categories', op: 'eq', values: ['门票'] }],
    ['tag=rfm:champions', { field: 'tag', op: 'eq', values: ['rfm:champions'] }],
    ['last_purchase>=2024-05-01', { field: 'last_purchase', op: 'gte', values: ['2024-05-01'] }],
    ['last_purchase=2024-04-01..2024-05-15', { field: 'last_purchase', op: 'between', values: ['2024-04-01', '2024-05-15'] }],
  ])('reads %s', (text, rule) => {
    expect(parseSegmentRule(text)).toEqual(rule);
  });

  it('ignores spaces around the field, the operator, the values and the range dots', () => {
    expect(parseSegmentRule('  province = 广东 , 浙江  ')).toEqual({ field: 'province', op: 'in', values: ['广东', '浙江'] });
    expect(parseSegmentRule('monetary = 100 .. 500')).toEqual({ field: 'monetary', op: 'between', values: [100, 500] });
    expect(parseSegmentRule('spending_tier >= 4')).toEqual({ field: 'spending_tier', op: 'gte', values: [4] });
  });

  it('makes numbers of numeric values and keeps category values as written, digits included', () => {
    expect(parseSegmentRule('age=30').values).toEqual([30]);
    expect(typeof parseSegmentRule('age=30').values[0]).toBe('number');
    expect(parseSegmentRule('monetary=-5..1e3').values).toEqual([-5, 1000]);
    expect(parseSegmentRule('age_band=25-34').values).toEqual(['25-34']);
    expect(parseSegmentRule('city=0571').values).toEqual(['0571']);
    expect(typeof parseSegmentRule('city=0571').values[0]).toBe('string');
    expect(parseSegmentRule('tag=tier:5').values).toEqual(['tier:5']);
  });

  it('names the unknown field and the rule it is in', () => {
    const error = errorOf(() => parseSegmentRule('favourite_colour=blue', 2));
    expect(error.rule).toBe(2);
    expect(error.name).toBe('SegmentRuleError');
    expect(error.message).toBe('unknown profile field "favourite_colour"');
  });

  it('refuses a rule with no value', () => {
    for (const text of ['lifecycle=', 'spending_tier>=', 'churn_risk!=  ']) {
      const error = errorOf(() => parseSegmentRule(text, 1));
      expect(error.rule).toBe(1);
      expect(error.message).toMatch(/has no value$/);
    }
  });

  it('refuses an ordering operator on a category or a list, pointing at = and !=', () => {
    for (const text of ['lifecycle>=at_risk', 'province<广东', 'top_categories>门票', 'tag<=rfm:champions']) {
      const error = errorOf(() => parseSegmentRule(text, 4));
      expect(error.rule).toBe(4);
      expect(error.message).toMatch(/is not ordered: use = or !=$/);
    }
  });

  it('refuses a value that is not a number for a numeric field', () => {
    const cases: [string, string][] = [
      ['spending_tier>=high', 'spending_tier takes numbers, got "high"'],
      ['monetary=100..lots', 'monetary takes numbers, got "lots"'],
      ['monetary=100..', 'monetary takes numbers, got ""'],
      ['age=30,,40', 'age takes numbers, got ""'],
      ['frequency=Infinity', 'frequency takes numbers, got "Infinity"'],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => parseSegmentRule(text, 3));
      expect(error.rule).toBe(3);
      expect(error.message).toBe(message);
    }
  });

  it('refuses text it cannot read and says how rules are written', () => {
    for (const text of ['', 'lifecycle', 'Lifecycle=new', 'lifecycle:new', '=new', '生命周期=new']) {
      const error = errorOf(() => parseSegmentRule(text, 5));
      expect(error.rule).toBe(5);
      expect(error.message).toContain('cannot read');
      expect(error.message).toContain('field=value');
    }
  });

  it('counts rule positions from 0 by default', () => {
    expect(errorOf(() => parseSegmentRule('nope=1')).rule).toBe(0);
  });

  it.each<[string, string, string]>([
    ['lifecycle=流失风险', 'lifecycle', 'at_risk'],
    ['lifecycle=at risk', 'lifecycle', 'at_risk'],
    ['lifecycle=At Risk', 'lifecycle', 'at_risk'],
    ['lifecycle=已流失', 'lifecycle', 'churned'],
    ['rfm_segment=已流失', 'rfm_segment', 'lost'],
    ["rfm_segment=can't lose", 'rfm_segment', 'cant_lose'],
    ['gender=女', 'gender', 'female'],
    ['gender=Female', 'gender', 'female'],
    ['preferred_channel=微信端', 'preferred_channel', 'wechat'],
    ['preferred_channel=Mobile web', 'preferred_channel', 'mobile'],
    ['preferred_order_type=到店自提', 'preferred_order_type', 'pickup'],
    ['churn_risk=高', 'churn_risk', 'high'],
    ['marital_status=已婚', 'marital_status', 'married'],
    ['age_band=25–34', 'age_band', '25-34'],
    ['tag=lifecycle:流失风险', 'tag', 'lifecycle:at_risk'],
    ['tag=channel:微信端', 'tag', 'channel:wechat'],
  ])('reads %s as the stored value', (text, field, value) => {
    expect(parseSegmentRule(text)).toEqual({ field, op: 'eq', values: [value] });
  });

  it('maps every label in a list, and for != too', () => {
    expect(parseSegmentRule('lifecycle!=流失风险,churned')).toEqual({ field: 'lifecycle', op: 'not_in', values: ['at_risk', 'churned'] });
  });

  it('refuses a value a closed field never holds, naming the field, the value and the values it takes', () => {
    const error = errorOf(() => parseSegmentRule('lifecycle=nonsense_stage', 2));
    expect(error.rule).toBe(2);
    expect(error.message).toBe(
      'lifecycle has no value "nonsense_stage"; it takes new (新客户), active (活跃), growing (成长), at_risk (流失风险), churned (已流失), reactivated (回流), registered (仅注册)',
    );
    expect(errorOf(() => parseSegmentRule('preferred_channel!=alipay')).message).toMatch(
      /^preferred_channel has no value "alipay"; it takes pc/,
    );
    expect(errorOf(() => parseSegmentRule('tag=lifecycle:bogus')).message).toMatch(/^tag lifecycle: lifecycle has no value "bogus"/);
    expect(errorOf(() => parseSegmentRule('tag=mood:happy')).message).toContain('is not a profile tag');
  });

  it('takes any value of an open field as written', () => {
    expect(parseSegmentRule('occupation=程序员').values).toEqual(['程序员']);
    expect(parseSegmentRule('tag=category:门票').values).toEqual(['category:门票']);
  });
});

describe('checkSegmentRules', () => {
  it('takes rules as text and as objects in one list', () => {
    expect(
      checkSegmentRules([
        'lifecycle=at_risk',
        { field: 'spending_tier', op: 'gte', values: [4] },
        { field: 'province', op: 'in', values: ['广东', '浙江'] },
      ]),
    ).toEqual([
      { field: 'lifecycle', op: 'eq', values: ['at_risk'] },
      { field: 'spending_tier', op: 'gte', values: [4] },
      { field: 'province', op: 'in', values: ['广东', '浙江'] },
    ]);
  });

  it('maps labels in rule objects, refuses unknown values when asked, and keeps them for stored rules', () => {
    const bogus = { field: 'lifecycle', op: 'eq', values: ['bogus_stage'] };
    expect(checkSegmentRules([{ field: 'gender', op: 'in', values: ['女', 'male'] }], { unknownValues: 'refuse' })).toEqual([
      { field: 'gender', op: 'in', values: ['female', 'male'] },
    ]);
    expect(errorOf(() => checkSegmentRules(['lifecycle=new', bogus], { unknownValues: 'refuse' }))).toMatchObject({
      rule: 1,
      message: expect.stringMatching(/^lifecycle has no value "bogus_stage"/) as unknown,
    });
    expect(checkSegmentRules([bogus])).toEqual([bogus]);
  });

  it('accepts no rules', () => {
    expect(checkSegmentRules([])).toEqual([]);
  });

  it('turns numeric values given as strings into numbers, and numbers for categories into strings', () => {
    expect(checkSegmentRules([{ field: 'monetary', op: 'between', values: ['100', '500.5'] }])).toEqual([
      { field: 'monetary', op: 'between', values: [100, 500.5] },
    ]);
    expect(checkSegmentRules([{ field: 'city', op: 'eq', values: [571] }])).toEqual([{ field: 'city', op: 'eq', values: ['571'] }]);
  });

  it('keeps only the known keys of a rule object', () => {
    expect(checkSegmentRules([{ field: 'gender', op: 'eq', values: ['female'], sql: 'DROP TABLE profiles' }])).toEqual([
      { field: 'gender', op: 'eq', values: ['female'] },
    ]);
  });

  it('refuses anything but a list, for the whole set', () => {
    for (const rules of [undefined, null, 'lifecycle=new', { field: 'lifecycle', op: 'eq', values: ['new'] }, 3]) {
      const error = errorOf(() => checkSegmentRules(rules));
      expect(error.rule).toBe(-1);
      expect(error.message).toBe('rules must be a list');
    }
  });

  it('refuses a bad rule object, naming its position', () => {
    const good = { field: 'lifecycle', op: 'eq', values: ['new'] };
    const cases: [unknown, RegExp][] = [
      [null, /^rule 2 needs a known profile field$/],
      [42, /^rule 2 needs a known profile field$/],
      [{ op: 'eq', values: ['x'] }, /^rule 2 needs a known profile field$/],
      [{ field: 'password', op: 'eq', values: ['x'] }, /^rule 2 needs a known profile field$/],
      [{ field: 'lifecycle', values: ['new'] }, /^rule 2 needs op, one of eq, in, not_in, gte, lte, gt, lt, between$/],
      [{ field: 'lifecycle', op: 'like', values: ['new'] }, /^rule 2 needs op/],
      [{ field: 'lifecycle', op: 'eq' }, /^rule 2 needs values$/],
      [{ field: 'lifecycle', op: 'eq', values: [] }, /^rule 2 needs values$/],
      [{ field: 'lifecycle', op: 'eq', values: 'new' }, /^rule 2 needs values$/],
      [{ field: 'monetary', op: 'between', values: [1] }, /^rule 2: between takes two values, got 1$/],
      [{ field: 'monetary', op: 'between', values: [1, 2, 3] }, /^rule 2: between takes two values, got 3$/],
      [{ field: 'monetary', op: 'gte', values: ['lots'] }, /^monetary takes numbers, got "lots"$/],
    ];
    for (const [bad, message] of cases) {
      const error = errorOf(() => checkSegmentRules([good, bad]));
      expect(error.rule).toBe(1);
      expect(error.message).toMatch(message);
    }
  });

  it('reports a rule given as unreadable text at its position', () => {
    const error = errorOf(() => checkSegmentRules(['lifecycle=new', { field: 'gender', op: 'eq', values: ['女'] }, 'spending_tier>=high']));
    expect(error.rule).toBe(2);
    expect(error.message).toBe('spending_tier takes numbers, got "high"');
  });
});

describe('formatSegmentRule', () => {
  const texts = [
    'lifecycle=at_risk',
    'province=广东,浙江',
    'churn_risk!=low',
    'churn_risk!=low,medium',
    'spending_tier>=4',
    'spending_tier<=2',
    'spending_tier>3',
    'spending_tier<3',
    'monetary=100..500',
    'p_alive=0.25..0.5',
    'top_categories=门票,演出',
    'top_categories!=门票',
    'tag=rfm:champions',
    'last_purchase>=2024-05-01',
    'last_purchase=2024-04-01..2024-05-15',
  ];

  it.each(texts)('writes %s back as it was read', (text) => {
    expect(formatSegmentRule(parseSegmentRule(text))).toBe(text);
  });

  it('writes rules that read back to the same rule', () => {
    const rules: SegmentRule[] = [
      { field: 'monetary', op: 'between', values: [0.5, 1200] },
      { field: 'age', op: 'lt', values: [18] },
      { field: 'preferred_channel', op: 'not_in', values: ['wechat', 'app'] },
      { field: 'gender', op: 'eq', values: ['female'] },
    ];
    for (const rule of rules) expect(parseSegmentRule(formatSegmentRule(rule))).toEqual(rule);
  });
});

describe('compileSegmentWhere', () => {
  it('selects everyone when there are no rules and no scope', () => {
    expect(compileSegmentWhere([])).toEqual({ sql: 'true', params: [] });
    expect(compileSegmentWhere([], {})).toEqual({ sql: 'true', params: [] });
    expect(compileSegmentWhere([], { provinces: undefined }, 4)).toEqual({ sql: 'true', params: [] });
  });

  it('binds every value as a numbered parameter, in order, joining rules with AND', () => {
    const rules = checkSegmentRules(['lifecycle=at_risk', 'province=广东,浙江', 'monetary=100..500', 'spending_tier>=4']);
    expect(compileSegmentWhere(rules)).toEqual({
      sql: 'lifecycle = $1 AND province IN ($2, $3) AND monetary BETWEEN $4 AND $5 AND spending_tier >= $6',
      params: ['at_risk', '广东', '浙江', 100, 500, 4],
    });
  });

  it('writes each ordering operator as its SQL comparison', () => {
    const sql = (text: string) => compileSegmentWhere([parseSegmentRule(text)]).sql;
    expect(sql('age>=18')).toBe('age >= $1');
    expect(sql('age<=18')).toBe('age <= $1');
    expect(sql('age>18')).toBe('age > $1');
    expect(sql('age<18')).toBe('age < $1');
  });

  it('refuses values and operators a field cannot take, before any SQL runs', () => {
    const cases: [unknown, RegExp][] = [
      ['last_purchase>=yesterday', /last_purchase takes dates YYYY-MM-DD, got "yesterday"/],
      ['active_hours=morning', /active_hours takes whole numbers, got "morning"/],
      [{ field: 'lifecycle', op: 'gte', values: ['new'] }, /lifecycle is not ordered/],
      [{ field: 'top_categories', op: 'gt', values: ['门票'] }, /top_categories is not ordered/],
      [{ field: 'lifecycle', op: 'eq', values: ['new', 'active'] }, /eq takes one value, got 2/],
      ['province=a..z', /province is not ordered/],
      ['lifecycle==new', /one operator, then the value/],
    ];
    for (const [rule, message] of cases) expect(() => checkSegmentRules([rule]), String(JSON.stringify(rule))).toThrow(message);
    expect(checkSegmentRules(['last_purchase>=2026-01-01', 'active_hours=20'])).toEqual([
      { field: 'last_purchase', op: 'gte', values: ['2026-01-01'] },
      { field: 'active_hours', op: 'eq', values: [20] },
    ]);
  });

  it('never puts user text into the SQL, only into the parameters', () => {
    const hostile = "x' OR 1=1 --";
    const rules = checkSegmentRules([
      `city=${hostile}`,
      `province!=${hostile}`,
      `top_categories=${hostile}`,
      { field: 'tag', op: 'in', values: [hostile, 'a"); DROP TABLE profiles; --'] },
      `occupation=${hostile}`,
    ]);
    const { sql, params } = compileSegmentWhere(rules, { provinces: [hostile] });
    // The tag expression is the one piece of fixed SQL with quotes in it.
    expect(sql.replaceAll(TAGS_SQL, 'tags')).not.toContain("'");
    expect(sql).not.toContain('OR 1=1');
    expect(sql).not.toContain('DROP');
    expect(params.filter((p) => p === hostile)).toHaveLength(6);
    expect(params).toContain('a"); DROP TABLE profiles; --');
    // Every placeholder up to the number of parameters, each once.
    expect([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))).toEqual(params.map((_, i) => i + 1));
  });

  it('numbers the parameters from firstParam, so the clause can follow others', () => {
    const where = compileSegmentWhere(checkSegmentRules(['lifecycle=new', 'spending_tier=4,5']), { provinces: ['广东'] }, 3);
    expect(where).toEqual({ sql: 'lifecycle = $3 AND spending_tier IN ($4, $5) AND province IN ($6)', params: ['new', 4, 5, '广东'] });
  });

  it('tests list fields with list_contains, any of the values', () => {
    expect(compileSegmentWhere([parseSegmentRule('top_categories=门票,演出')])).toEqual({
      sql: '(list_contains(top_categories, $1) OR list_contains(top_categories, $2))',
      params: ['门票', '演出'],
    });
  });

  it('negates the list test for != on a list, counting a missing list as not containing the values', () => {
    expect(compileSegmentWhere([parseSegmentRule('top_categories!=门票')])).toEqual({
      sql: 'NOT coalesce(list_contains(top_categories, $1), false)',
      params: ['门票'],
    });
  });

  it('reads tags through the tag list expression', () => {
    const { sql, params } = compileSegmentWhere([parseSegmentRule('tag=rfm:champions')]);
    expect(sql).toBe(`(list_contains(${TAGS_SQL}, $1))`);
    expect(params).toEqual(['rfm:champions']);
  });

  it('keeps users without a value when excluding values', () => {
    expect(compileSegmentWhere([parseSegmentRule('churn_risk!=low,medium')])).toEqual({
      sql: '(churn_risk IS NULL OR churn_risk NOT IN ($1, $2))',
      params: ['low', 'medium'],
    });
  });

  it('compares date fields with their values cast to dates', () => {
    expect(compileSegmentWhere([parseSegmentRule('last_purchase=2024-04-01..2024-05-15')]).sql).toBe(
      'last_purchase BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)',
    );
    expect(compileSegmentWhere([parseSegmentRule('last_active<2024-01-01')]).sql).toBe('last_active < CAST($1 AS DATE)');
  });

  it('limits the users to the caller’s provinces', () => {
    expect(compileSegmentWhere([], { provinces: ['广东', '浙江'] })).toEqual({ sql: 'province IN ($1, $2)', params: ['广东', '浙江'] });
    expect(compileSegmentWhere([parseSegmentRule('lifecycle=new')], { provinces: ['广东'] })).toEqual({
      sql: 'lifecycle = $1 AND province IN ($2)',
      params: ['new', '广东'],
    });
  });

  it('selects nobody for a caller with an empty list of provinces', () => {
    expect(compileSegmentWhere([], { provinces: [] })).toEqual({ sql: 'false', params: [] });
    expect(compileSegmentWhere([parseSegmentRule('lifecycle=new')], { provinces: [] })).toEqual({
      sql: 'lifecycle = $1 AND false',
      params: ['new'],
    });
  });
});

describe('PROFILE_FIELDS', () => {
  it('names each field once, in snake_case, with both labels', () => {
    const names = PROFILE_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of PROFILE_FIELDS) {
      expect(f.name).toMatch(/^[a-z_0-9]+$/);
      expect(f.zh).not.toBe('');
      expect(f.en).not.toBe('');
      expect(profileField(f.name)).toBe(f);
    }
    expect(profileField('user_id')).toBeUndefined();
  });
});

/**
 * The compiled clauses run against a real profiles table (every migration applied, so its columns
 * are the stored ones) holding ten hand-made users.
 */
describe('compiled segment rules in DuckDB', () => {
  interface User {
    readonly id: string;
    readonly lifecycle: string;
    readonly rfm?: string;
    readonly province?: string;
    readonly city?: string;
    readonly churn?: string;
    readonly tier?: number;
    readonly monetary: number;
    readonly categories?: readonly string[];
    readonly hours?: readonly number[];
    readonly lastPurchase?: string;
    readonly weekendShare?: number;
  }
  const users: readonly User[] = [
    {
      id: 'u01',
      lifecycle: 'active',
      rfm: 'champions',
      province: '广东',
      city: '广州',
      churn: 'low',
      tier: 5,
      monetary: 800,
      categories: ['门票', '餐饮'],
      hours: [20, 21],
      lastPurchase: '2024-05-01',
      weekendShare: 0.7,
    },
    {
      id: 'u02',
      lifecycle: 'at_risk',
      rfm: 'at_risk',
      province: '浙江',
      city: '杭州',
      churn: 'medium',
      tier: 3,
      monetary: 300,
      categories: ['门票'],
      hours: [9],
      lastPurchase: '2024-02-10',
    },
    {
      id: 'u03',
      lifecycle: 'churned',
      rfm: 'lost',
      province: '江苏',
      city: '南京',
      churn: 'high',
      tier: 1,
      monetary: 50,
      lastPurchase: '2023-11-20',
    },
    {
      id: 'u04',
      lifecycle: 'new',
      rfm: 'new',
      province: '广东',
      city: '深圳',
      tier: 2,
      monetary: 100,
      categories: ['餐饮'],
      lastPurchase: '2024-05-20',
    },
    { id: 'u05', lifecycle: 'registered', monetary: 0 },
    {
      id: 'u06',
      lifecycle: 'active',
      rfm: 'loyal',
      province: '浙江',
      city: '宁波',
      churn: 'low',
      tier: 4,
      monetary: 500,
      categories: ['酒店'],
      lastPurchase: '2024-04-15',
    },
    {
      id: 'u07',
      lifecycle: 'growing',
      rfm: 'champions',
      province: '北京',
      city: '北京',
      churn: 'low',
      tier: 5,
      monetary: 1200,
      categories: ['门票', '酒店'],
      hours: [21],
      lastPurchase: '2024-05-25',
    },
    {
      id: 'u08',
      lifecycle: 'at_risk',
      rfm: 'cant_lose',
      province: '广东',
      city: '广州',
      churn: 'high',
      tier: 4,
      monetary: 650,
      categories: [],
      lastPurchase: '2024-01-05',
    },
    {
      id: 'u09',
      lifecycle: 'reactivated',
      rfm: 'potential',
      province: '四川',
      city: '成都',
      churn: 'medium',
      tier: 2,
      monetary: 120,
      categories: ['演出'],
      lastPurchase: '2024-05-10',
    },
    {
      id: 'u10',
      lifecycle: 'active',
      rfm: 'hibernating',
      province: '上海',
      city: "x' OR 1=1 --",
      churn: 'low',
      tier: 3,
      monetary: 99.5,
      categories: ['演出'],
      lastPurchase: '2024-03-01',
    },
  ];

  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  /** A SQL literal of test data (never of rule values: those are bound). */
  const literal = (value: string | number | readonly (string | number)[] | undefined, type = ''): string => {
    if (value === undefined) return 'NULL';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return `${type}'${value.replaceAll("'", "''")}'`;
    return `[${value.map((v) => literal(v)).join(', ')}]`;
  };

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    for (const migration of MIGRATIONS) await connection.run(migration.sql);
    for (const u of users) {
      await connection.run(
        `INSERT INTO profiles (user_id, as_of, frequency, monetary, purchase_days, activities, lifecycle, rfm_segment, province, city, churn_risk,
           spending_tier, top_categories, active_hours, last_purchase, weekend_share)
         VALUES (${literal(u.id)}, DATE '2024-06-01', ${u.monetary > 0 ? 3 : 0}, ${u.monetary}, ${u.monetary > 0 ? 3 : 0}, 5, ${literal(u.lifecycle)},
           ${literal(u.rfm)}, ${literal(u.province)}, ${literal(u.city)}, ${literal(u.churn)}, ${literal(u.tier)},
           ${u.categories ? `${literal(u.categories)}::VARCHAR[]` : 'NULL'}, ${literal(u.hours)}, ${literal(u.lastPurchase, 'DATE ')}, ${literal(u.weekendShare)})`,
      );
    }
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  /** The ids of the users meeting `rules` (text or objects) within `scope`, in id order. */
  async function select(rules: readonly unknown[], scope: { provinces?: readonly string[] } = {}): Promise<string[]> {
    const where = compileSegmentWhere(checkSegmentRules(rules), scope);
    const result = await connection.runAndReadAll(`SELECT user_id FROM profiles WHERE ${where.sql} ORDER BY user_id`, where.params);
    return result.getRowObjectsJS().map((row) => String(row.user_id));
  }

  it('holds the ten users', async () => {
    expect(await select([])).toHaveLength(10);
  });

  it('selects users equal to a value', async () => {
    expect(await select(['lifecycle=at_risk'])).toEqual(['u02', 'u08']);
    expect(await select(['spending_tier=5'])).toEqual(['u01', 'u07']);
  });

  it('selects users with any of the values', async () => {
    expect(await select(['province=广东,浙江'])).toEqual(['u01', 'u02', 'u04', 'u06', 'u08']);
    expect(await select(['spending_tier=1,2'])).toEqual(['u03', 'u04', 'u09']);
  });

  it('excludes users with the values and keeps users without any value', async () => {
    expect(await select(['churn_risk!=low'])).toEqual(['u02', 'u03', 'u04', 'u05', 'u08', 'u09']);
    expect(await select(['churn_risk!=low,medium'])).toEqual(['u03', 'u04', 'u05', 'u08']);
    expect(await select(['spending_tier!=4,5'])).toEqual(['u02', 'u03', 'u04', 'u05', 'u09', 'u10']);
  });

  it('compares numbers, leaving out users without a value', async () => {
    expect(await select(['spending_tier>=4'])).toEqual(['u01', 'u06', 'u07', 'u08']);
    expect(await select(['spending_tier>4'])).toEqual(['u01', 'u07']);
    expect(await select(['spending_tier<=2'])).toEqual(['u03', 'u04', 'u09']);
    expect(await select(['spending_tier<2'])).toEqual(['u03']);
    expect(await select(['monetary<100'])).toEqual(['u03', 'u05', 'u10']);
  });

  it('selects a range with both ends included', async () => {
    expect(await select(['monetary=100..500'])).toEqual(['u02', 'u04', 'u06', 'u09']);
    expect(await select(['monetary=99.5..99.5'])).toEqual(['u10']);
    expect(await select([{ field: 'monetary', op: 'between', values: ['500', '100'] }])).toEqual([]);
  });

  it('selects users whose list holds any of the values', async () => {
    expect(await select(['top_categories=门票'])).toEqual(['u01', 'u02', 'u07']);
    expect(await select(['top_categories=门票,演出'])).toEqual(['u01', 'u02', 'u07', 'u09', 'u10']);
    expect(await select(['active_hours=21'])).toEqual(['u01', 'u07']);
    expect(await select(['active_hours!=20,21'])).toEqual(['u02', 'u03', 'u04', 'u05', 'u06', 'u08', 'u09', 'u10']);
  });

  it('selects users whose list holds none of the values, empty and missing lists included', async () => {
    expect(await select(['top_categories!=门票'])).toEqual(['u03', 'u04', 'u05', 'u06', 'u08', 'u09', 'u10']);
    expect(await select(['top_categories!=门票,餐饮,酒店'])).toEqual(['u03', 'u05', 'u08', 'u09', 'u10']);
  });

  it('selects by tag the same users as by the field the tag comes from', async () => {
    expect(await select(['tag=rfm:champions'])).toEqual(['u01', 'u07']);
    expect(await select(['tag=rfm:champions'])).toEqual(await select(['rfm_segment=champions']));
    expect(await select(['tag=lifecycle:at_risk'])).toEqual(await select(['lifecycle=at_risk']));
    expect(await select(['tag=tier:5'])).toEqual(await select(['spending_tier=5']));
    expect(await select(['tag=category:酒店'])).toEqual(['u06', 'u07']);
    expect(await select(['tag=time:weekend'])).toEqual(['u01']);
    expect(await select(['tag!=churn:low'])).toEqual(await select(['churn_risk!=low']));
  });

  it('compares dates given as text', async () => {
    expect(await select(['last_purchase>=2024-05-01'])).toEqual(['u01', 'u04', 'u07', 'u09']);
    expect(await select(['last_purchase<2024-01-01'])).toEqual(['u03']);
    expect(await select(['last_purchase=2024-04-01..2024-05-15'])).toEqual(['u01', 'u06', 'u09']);
    expect(await select(['last_purchase=2024-02-10'])).toEqual(['u02']);
  });

  it('selects users meeting every rule', async () => {
    expect(await select(['lifecycle=active', 'spending_tier>=4', 'top_categories=门票'])).toEqual(['u01']);
    expect(await select(['province=广东,浙江', 'churn_risk!=low'])).toEqual(['u02', 'u04', 'u08']);
  });

  it('keeps users inside the caller’s provinces, and none for an empty list', async () => {
    expect(await select([], { provinces: ['广东'] })).toEqual(['u01', 'u04', 'u08']);
    expect(await select(['spending_tier>=4'], { provinces: ['广东', '北京'] })).toEqual(['u01', 'u07', 'u08']);
    expect(await select([], { provinces: [] })).toEqual([]);
    expect(await select(['churn_risk!=low'], { provinces: [] })).toEqual([]);
  });

  it('matches hostile text only as a literal value', async () => {
    const hostile = "x' OR 1=1 --";
    expect(await select([`city=${hostile}`])).toEqual(['u10']);
    expect(await select([`province=${hostile}`])).toEqual([]);
    expect(await select([`lifecycle=${hostile}`], { provinces: [hostile] })).toEqual([]);
  });

  it('runs after parameters of its own when numbered from firstParam', async () => {
    const where = compileSegmentWhere(checkSegmentRules(['spending_tier>=4']), { provinces: ['广东'] }, 2);
    const result = await connection.runAndReadAll(`SELECT user_id FROM profiles WHERE user_id <> $1 AND ${where.sql} ORDER BY user_id`, [
      'u08',
      ...where.params,
    ]);
    expect(result.getRowObjectsJS().map((row) => row.user_id)).toEqual(['u01']);
  });

  it('runs a rule on every profile field', async () => {
    // A value of each kind that the column accepts (active hours and weekdays are lists of numbers);
    // the point is that every field's SQL binds and runs.
    const value = { number: 1, category: 'x', list: 'x', date: '2024-01-01' } as const;
    for (const f of PROFILE_FIELDS) {
      const values = [f.name === 'active_hours' || f.name === 'active_weekdays' ? '1' : value[f.kind]];
      for (const op of ['eq', 'not_in'] as const) {
        await expect(select([{ field: f.name, op, values }]), `${f.name} ${op}`).resolves.toBeInstanceOf(Array);
      }
    }
  });
});
