/**
 * Segment rules: conditions on profile fields, all of which a user must meet (AND), written as text
 * the way the CLI and the API take them — `lifecycle=at_risk`, `province=广东,浙江` (any of),
 * `spending_tier>=4`, `monetary=100..500`, `tag=rfm:champions`, `top_categories=门票` (the list holds
 * it), `churn_risk!=low`. They compile to one WHERE clause with bound values.
 */
import { isCivilDate } from '../../domain/calendar/civil-date.ts';
import { profileField, type ProfileField } from './profile-fields.ts';
import { canonicalProfileValue } from './profile-vocabularies.ts';

export type RuleOp = 'eq' | 'in' | 'not_in' | 'gte' | 'lte' | 'gt' | 'lt' | 'between';

export interface SegmentRule {
  readonly field: string;
  readonly op: RuleOp;
  readonly values: readonly (string | number)[];
}

/** A rule that cannot be used; `rule` is its position (0-based) or -1 for the whole set. */
export class SegmentRuleError extends Error {
  override readonly name = 'SegmentRuleError';
  constructor(
    readonly rule: number,
    message: string,
  ) {
    super(message);
  }
}

const RULE = /^\s*([a-z_0-9]+)\s*(>=|<=|!=|=|>|<)\s*(.*?)\s*$/;

/** What to do with a value a closed vocabulary does not hold: refuse it, or keep it (rules read back from storage). */
type UnknownValues = 'refuse' | 'keep';

function valueOf(text: string, field: ProfileField, rule: number, unknown: UnknownValues = 'refuse'): string | number {
  if (field.kind === 'category' || field.name === 'tag') {
    const canonical = canonicalProfileValue(field.name, text);
    if (canonical.ok) return canonical.value;
    if (unknown === 'keep') return text;
    throw new SegmentRuleError(rule, canonical.reason);
  }
  if (field.kind === 'date') {
    if (!isCivilDate(text)) throw new SegmentRuleError(rule, `${field.name} takes dates YYYY-MM-DD, got "${text}"`);
    return text;
  }
  if (field.kind !== 'number' && !field.numericElements) return text;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (field.numericElements && !Number.isInteger(value))) {
    throw new SegmentRuleError(rule, `${field.name} takes ${field.numericElements ? 'whole numbers' : 'numbers'}, got "${text}"`);
  }
  return value;
}

const ORDERED: ReadonlySet<string> = new Set(['number', 'date']);

/** Refuses operators the field's kind has no meaning for, and value counts the operator cannot use. */
function checkShape(rule: SegmentRule, field: ProfileField, position: number): SegmentRule {
  const ordering = rule.op === 'gte' || rule.op === 'lte' || rule.op === 'gt' || rule.op === 'lt' || rule.op === 'between';
  if (ordering && !ORDERED.has(field.kind)) throw new SegmentRuleError(position, `${field.name} is not ordered: use = or !=`);
  const expected = rule.op === 'between' ? 2 : rule.op === 'in' || rule.op === 'not_in' ? undefined : 1;
  if (expected !== undefined && rule.values.length !== expected) {
    throw new SegmentRuleError(
      position,
      `rule ${position + 1}: ${rule.op} takes ${expected === 1 ? 'one value' : 'two values'}, got ${rule.values.length}`,
    );
  }
  if (rule.values.length === 0) throw new SegmentRuleError(position, `rule ${position + 1} needs values`);
  return rule;
}

/** Parses one rule written as text; a label of a closed vocabulary becomes its value, a value it lacks is refused. */
export function parseSegmentRule(text: string, position = 0, unknown: UnknownValues = 'refuse'): SegmentRule {
  const match = RULE.exec(text);
  if (!match) throw new SegmentRuleError(position, `cannot read "${text}": write field=value, field>=value, field=a..b or field!=a,b`);
  const [, name = '', operator = '', rest = ''] = match;
  const field = profileField(name);
  if (!field) throw new SegmentRuleError(position, `unknown profile field "${name}"`);
  if (rest === '') throw new SegmentRuleError(position, `"${text}" has no value`);
  if (/^[=<>!]/.test(rest)) throw new SegmentRuleError(position, `cannot read "${text}": one operator, then the value`);
  if (operator === '=' && rest.includes('..')) {
    const [low = '', high = ''] = rest.split('..');
    return checkShape(
      {
        field: name,
        op: 'between',
        values: [valueOf(low.trim(), field, position, unknown), valueOf(high.trim(), field, position, unknown)],
      },
      field,
      position,
    );
  }
  if (operator === '=' || operator === '!=') {
    const values = rest.split(',').map((v) => valueOf(v.trim(), field, position, unknown));
    if (operator === '!=') return { field: name, op: 'not_in', values };
    return values.length === 1 ? { field: name, op: 'eq', values } : { field: name, op: 'in', values };
  }
  if (field.kind === 'category' || field.kind === 'list') throw new SegmentRuleError(position, `${name} is not ordered: use = or !=`);
  const op = ({ '>=': 'gte', '<=': 'lte', '>': 'gt', '<': 'lt' } as const)[operator as '>=' | '<=' | '>' | '<'];
  return { field: name, op, values: [valueOf(rest, field, position, unknown)] };
}

/**
 * Checks rules given as text or objects, mapping labels of closed vocabularies to their values.
 * Requests pass `{ unknownValues: 'refuse' }`; the default keeps a value no vocabulary holds, for
 * rules read back from storage: a segment saved before values were checked still lists (and can be
 * deleted) rather than breaking every listing.
 */
export function checkSegmentRules(rules: unknown, options: { unknownValues?: UnknownValues } = {}): SegmentRule[] {
  const unknownValues = options.unknownValues ?? 'keep';
  if (!Array.isArray(rules)) throw new SegmentRuleError(-1, 'rules must be a list');
  return rules.map((rule: unknown, position) => {
    if (typeof rule === 'string') return parseSegmentRule(rule, position, unknownValues);
    const r = rule as Partial<SegmentRule> | null;
    const field = r && typeof r.field === 'string' ? profileField(r.field) : undefined;
    if (!r || !field) throw new SegmentRuleError(position, `rule ${position + 1} needs a known profile field`);
    const ops: readonly RuleOp[] = ['eq', 'in', 'not_in', 'gte', 'lte', 'gt', 'lt', 'between'];
    if (!r.op || !ops.includes(r.op)) throw new SegmentRuleError(position, `rule ${position + 1} needs op, one of ${ops.join(', ')}`);
    if (!Array.isArray(r.values) || r.values.length === 0) throw new SegmentRuleError(position, `rule ${position + 1} needs values`);
    const values = r.values.map((v) => valueOf(String(v), field, position, unknownValues));
    return checkShape({ field: field.name, op: r.op, values }, field, position);
  });
}

/** The rule as text again (for listings). */
export function formatSegmentRule(rule: SegmentRule): string {
  const v = rule.values.join(',');
  switch (rule.op) {
    case 'eq':
    case 'in':
      return `${rule.field}=${v}`;
    case 'not_in':
      return `${rule.field}!=${v}`;
    case 'between':
      return `${rule.field}=${rule.values[0]}..${rule.values[1]}`;
    default:
      return `${rule.field}${({ gte: '>=', lte: '<=', gt: '>', lt: '<' } as const)[rule.op]}${v}`;
  }
}

/** One rule as SQL over the profiles table, binding its values with `bind` (which returns `$n`). */
function ruleSql(rule: SegmentRule, bind: (value: string | number) => string): string {
  const field = profileField(rule.field)!;
  const expression = field.sql;
  if (field.kind === 'list') {
    const any = rule.values.map((v) => `list_contains(${expression}, ${bind(String(v))})`).join(' OR ');
    return rule.op === 'not_in' ? `NOT coalesce(${any}, false)` : `(${any})`;
  }
  const cast = (placeholder: string) => (field.kind === 'date' ? `CAST(${placeholder} AS DATE)` : placeholder);
  switch (rule.op) {
    case 'eq':
      return `${expression} = ${cast(bind(rule.values[0]!))}`;
    case 'in':
      return `${expression} IN (${rule.values.map((v) => cast(bind(v))).join(', ')})`;
    case 'not_in':
      // Users without a value are kept, as the metrics layer's not-in does.
      return `(${expression} IS NULL OR ${expression} NOT IN (${rule.values.map((v) => cast(bind(v))).join(', ')}))`;
    case 'between':
      return `${expression} BETWEEN ${cast(bind(rule.values[0]!))} AND ${cast(bind(rule.values[1]!))}`;
    default:
      return `${expression} ${({ gte: '>=', lte: '<=', gt: '>', lt: '<' } as const)[rule.op]} ${cast(bind(rule.values[0]!))}`;
  }
}

/**
 * The WHERE clause (without the keyword) selecting users who meet every rule and lie in the caller's
 * provinces; `params` continue from `firstParam`.
 */
export function compileSegmentWhere(
  rules: readonly SegmentRule[],
  scope: { readonly provinces?: readonly string[] | undefined } = {},
  firstParam = 1,
): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const parts = rules.length > 0 ? [segmentRulesSql(rules, bind)] : [];
  if (scope.provinces) parts.push(scope.provinces.length === 0 ? 'false' : `province IN (${scope.provinces.map(bind).join(', ')})`);
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'true', params };
}

/** The rules as one condition over the profiles table, binding values through `bind` (true when none). */
export function segmentRulesSql(rules: readonly SegmentRule[], bind: (value: string | number) => string): string {
  return rules.length > 0 ? rules.map((rule) => ruleSql(rule, bind)).join(' AND ') : 'true';
}
