/**
 * The segment builder's draft: rows of field / operator / values, kept in the URL as
 * `field:op:v1,v2;field:op:v` (values escaped, so any text fits) and sent to the API as rule objects
 * `{ field, op, values }` — which, unlike the text form `field=value`, take values starting with < or >
 * such as the age band `<18`. Pure.
 */
import type { CatalogField, RuleOp, SegmentRule } from './profile-types.ts';
import type { Vocabulary } from './profile-vocabulary.ts';

export interface DraftRule {
  readonly field: string;
  readonly op: RuleOp;
  /** As typed; `between` holds two (low, high), the set operators one or more. */
  readonly values: readonly string[];
}

export const RULE_OPS: readonly RuleOp[] = ['eq', 'in', 'not_in', 'gte', 'lte', 'gt', 'lt', 'between'];
const SEPARATORS = /[%,;:]/g;

const escape = (value: string) => value.replace(SEPARATORS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
const unescape = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** The draft as one URL parameter value ('' for none). */
export function encodeDraft(rules: readonly DraftRule[]): string {
  return rules.map((rule) => `${rule.field}:${rule.op}:${rule.values.map(escape).join(',')}`).join(';');
}

/** The draft of a URL parameter; pieces that cannot be read are left out. */
export function decodeDraft(text: string | null | undefined): DraftRule[] {
  if (!text) return [];
  const rules: DraftRule[] = [];
  for (const piece of text.split(';')) {
    const match = /^([a-z_0-9]+):([a-z_]+):(.*)$/.exec(piece);
    if (!match) continue;
    const [, field = '', op = '', values = ''] = match;
    if (!RULE_OPS.includes(op as RuleOp)) continue;
    rules.push({ field, op: op as RuleOp, values: values === '' ? [] : values.split(',').map(unescape) });
  }
  return rules;
}

/** A saved segment's rule as a draft row. */
export function draftOf(rule: SegmentRule): DraftRule {
  return { field: rule.field, op: rule.op === 'eq' ? 'in' : rule.op, values: rule.values.map(String) };
}

/** A new row for a field: its first operator, no value yet. */
export function newDraftRule(field: CatalogField): DraftRule {
  return { field: field.name, op: field.operators[0] ?? 'in', values: [] };
}

/** The row with another field: the operator kept when the field takes it, values cleared. */
export function withField(rule: DraftRule, field: CatalogField): DraftRule {
  return { field: field.name, op: field.operators.includes(rule.op) ? rule.op : (field.operators[0] ?? 'in'), values: [] };
}

/** The row with another operator: values kept where they still fit. */
export function withOp(rule: DraftRule, op: RuleOp): DraftRule {
  const values = op === 'between' ? [rule.values[0] ?? '', rule.values[1] ?? ''] : isSetOp(op) ? rule.values : rule.values.slice(0, 1);
  return { ...rule, op, values };
}

export const isSetOp = (op: RuleOp) => op === 'in' || op === 'not_in' || op === 'eq';

/** Values as typed into one text box: comma-separated for the set operators. */
export function parseValueText(text: string, op: RuleOp): string[] {
  if (!isSetOp(op)) return [text.trim()];
  return text
    .split(/[,，]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Whether a row has what its operator needs. */
export function isComplete(rule: DraftRule): boolean {
  const filled = rule.values.filter((v) => v.trim() !== '');
  return rule.op === 'between' ? filled.length === 2 && rule.values.length === 2 : filled.length >= 1;
}

/** The complete rows as API rules, and the positions of the rows left out. */
export function toApiRules(rules: readonly DraftRule[]): { rules: SegmentRule[]; incomplete: number[] } {
  const out: SegmentRule[] = [];
  const incomplete: number[] = [];
  rules.forEach((rule, index) => {
    if (!isComplete(rule)) incomplete.push(index);
    else out.push({ field: rule.field, op: rule.op, values: rule.values.map((v) => v.trim()).filter((v) => v !== '') });
  });
  return { rules: out, incomplete };
}

export interface OperatorWords {
  readonly eq: string;
  readonly in: string;
  readonly not_in: string;
  readonly gte: string;
  readonly lte: string;
  readonly gt: string;
  readonly lt: string;
  readonly between: string;
  readonly and: string;
  readonly listSeparator: string;
  readonly rangeSeparator: string;
}

/** A rule in words: 生命周期 是 流失风险、已流失 / Lifecycle stage is At risk, Churned. */
export function describeRule(rule: SegmentRule | DraftRule, vocabulary: Vocabulary, words: OperatorWords): string {
  const values = rule.values.map((v) => vocabulary.valueLabel(rule.field, String(v)));
  const op = rule.op === 'in' && values.length === 1 ? words.eq : words[rule.op];
  const text = rule.op === 'between' ? values.join(words.rangeSeparator) : values.join(words.listSeparator);
  return `${vocabulary.fieldLabel(rule.field)} ${op} ${text}`;
}

/** Rules joined with AND, in words. */
export function describeRules(rules: readonly (SegmentRule | DraftRule)[], vocabulary: Vocabulary, words: OperatorWords): string {
  return rules.map((rule) => describeRule(rule, vocabulary, words)).join(` ${words.and} `);
}
