/**
 * The closed vocabularies of profile fields — the only values the profile computation writes — and
 * the words a user may type for them: the canonical value, its Chinese label (what `flowsight profiles
 * distribution` and the dashboard show), its English label, and the spelling with spaces
 * (`at risk`). Matching is the import vocabulary's (src/domain/vocabulary.ts): trimmed,
 * case-insensitive, the same synonyms, so `gender=女` in a segment means what `女` means in a user file.
 */
import { toCanonical, VOCABULARIES, type Vocabulary } from '../../domain/vocabulary.ts';
import { LIFECYCLE_STAGES, PROFILE_LABELS, RFM_SEGMENTS } from './profile-rules.ts';

type Labels = Readonly<Record<string, { readonly zh: string; readonly en: string }>>;

/** A vocabulary from labelled values, with the English labels and `extra` words as synonyms. */
function labelled(values: readonly string[], labels: Labels, extra: Readonly<Record<string, string>> = {}): Vocabulary {
  const zh = Object.fromEntries(values.map((value) => [value, labels[value]?.zh ?? value]));
  const synonyms: Record<string, string> = {};
  for (const value of values) {
    const en = labels[value]?.en;
    if (en) synonyms[en.toLowerCase()] = value;
  }
  return { values, zh, synonyms: { ...synonyms, ...extra } };
}

/** An import vocabulary also taught the profile view's words (its Chinese labels can differ) and English labels. */
function extended(base: Vocabulary, labels: Labels): Vocabulary {
  const words: Record<string, string> = {};
  for (const [value, label] of Object.entries(labels)) {
    words[label.zh.toLowerCase()] = value;
    words[label.en.toLowerCase()] = value;
  }
  return { values: base.values, zh: base.zh, synonyms: { ...base.synonyms, ...words } };
}

const AGE_BANDS = ['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

/** Profile fields whose values come from a closed list, by field name. */
export const PROFILE_VOCABULARIES: Readonly<Record<string, Vocabulary>> = {
  lifecycle: labelled(LIFECYCLE_STAGES, PROFILE_LABELS),
  rfm_segment: labelled(RFM_SEGMENTS, PROFILE_LABELS, { 'cant lose': 'cant_lose', 'can’t lose': 'cant_lose' }),
  churn_risk: labelled(
    ['low', 'medium', 'high'],
    { low: { zh: '低', en: 'Low' }, medium: { zh: '中', en: 'Medium' }, high: { zh: '高', en: 'High' } },
    { 低风险: 'low', 中风险: 'medium', 高风险: 'high' },
  ),
  preferred_channel: extended(VOCABULARIES.channel, {
    pc: { zh: 'PC端', en: 'PC' },
    mobile: { zh: '手机端', en: 'Mobile web' },
    wechat: { zh: '微信端', en: 'WeChat' },
    app: { zh: 'App', en: 'App' },
  }),
  preferred_order_type: extended(VOCABULARIES.order_type, {
    online: { zh: '网络下单', en: 'Online' },
    phone: { zh: '电话下单', en: 'Phone' },
    pickup: { zh: '到店自提', en: 'Pickup' },
  }),
  gender: extended(VOCABULARIES.gender, {}),
  marital_status: extended(VOCABULARIES.marital_status, {}),
  age_band: labelled(
    AGE_BANDS,
    {},
    Object.fromEntries(
      AGE_BANDS.filter((band) => band.includes('-')).flatMap((band) => ['–', '~', '至'].map((dash) => [band.replace('-', dash), band])),
    ),
  ),
};

/** Tag prefixes (see TAGS_SQL) whose part after the colon is a closed field's value. */
const TAG_FIELDS: Readonly<Record<string, string>> = {
  lifecycle: 'lifecycle',
  rfm: 'rfm_segment',
  churn: 'churn_risk',
  channel: 'preferred_channel',
  order_type: 'preferred_order_type',
  age: 'age_band',
  gender: 'gender',
};

/** Tag prefixes whose values are open (any category, province or persona number) or fixed words. */
const OTHER_TAG_VALUES: Readonly<Record<string, readonly string[] | null>> = {
  tier: ['1', '2', '3', '4', '5'],
  time: ['weekend', 'evening'],
  category: null,
  province: null,
  persona: null,
};

/** The result of reading a typed value: the canonical value, or why there is none. */
export type CanonicalValue = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const describeValues = (vocabulary: Vocabulary): string =>
  vocabulary.values
    .map((value) => (vocabulary.zh[value] && vocabulary.zh[value] !== value ? `${value} (${vocabulary.zh[value]})` : value))
    .join(', ');

/**
 * The canonical value of `text` for `field`: unchanged for open fields, mapped for closed ones, and
 * a reason naming the field, the value and the allowed values when a closed field has no such value.
 */
export function canonicalProfileValue(field: string, text: string): CanonicalValue {
  if (field === 'tag') return canonicalTag(text);
  const vocabulary = PROFILE_VOCABULARIES[field];
  if (!vocabulary) return { ok: true, value: text };
  const value = toCanonical(vocabulary, text);
  if (value !== undefined) return { ok: true, value };
  return { ok: false, reason: `${field} has no value "${text}"; it takes ${describeValues(vocabulary)}` };
}

function canonicalTag(text: string): CanonicalValue {
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? '' : text.slice(0, colon).trim().toLowerCase();
  const rest = colon < 0 ? '' : text.slice(colon + 1).trim();
  const prefixes = [...Object.keys(TAG_FIELDS), ...Object.keys(OTHER_TAG_VALUES)];
  if (!prefixes.includes(prefix) || rest === '')
    return { ok: false, reason: `tag "${text}" is not a profile tag; tags are prefix:value with prefix one of ${prefixes.join(', ')}` };
  const field = TAG_FIELDS[prefix];
  if (field) {
    const inner = canonicalProfileValue(field, rest);
    return inner.ok ? { ok: true, value: `${prefix}:${inner.value}` } : { ok: false, reason: `tag ${prefix}: ${inner.reason}` };
  }
  const allowed = OTHER_TAG_VALUES[prefix];
  const word = allowed?.find((w) => w === rest.toLowerCase());
  if (allowed && !word) return { ok: false, reason: `tag "${text}": ${prefix} takes ${allowed.join(', ')}` };
  return { ok: true, value: `${prefix}:${word ?? rest}` };
}
