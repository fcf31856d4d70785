/**
 * Names of profile fields and their values in the dashboard's language, from the server's field
 * catalog (GET /profile-insights/fields) and the personas: `lifecycle=at_risk` reads 流失风险 /
 * At risk, `persona=1` reads the persona's name, a tag `rfm:champions` reads "RFM 分群：冠军客户".
 */
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Bilingual, CatalogField, Persona } from './profile-types.ts';

export interface Vocabulary {
  readonly fields: readonly CatalogField[];
  field(name: string): CatalogField | undefined;
  /** The field's name in the locale (the raw name for unknown fields). */
  fieldLabel(name: string): string;
  /** A value of a field in the locale. */
  valueLabel(field: string, value: string): string;
}

const pick = (words: Bilingual, locale: Locale) => (locale === 'en' ? words.en : words.zh);

/** Where each tag prefix comes from (see TAGS_SQL in src/analysis/profiles/profile-fields.ts). */
const TAG_FIELDS: Readonly<Record<string, string>> = {
  lifecycle: 'lifecycle',
  rfm: 'rfm_segment',
  tier: 'spending_tier',
  churn: 'churn_risk',
  channel: 'preferred_channel',
  order_type: 'preferred_order_type',
  age: 'age_band',
  gender: 'gender',
  province: 'province',
  persona: 'persona',
  category: 'top_categories',
};

const TIME_TAGS: Readonly<Record<string, Bilingual>> = {
  weekend: { zh: '周末型', en: 'Weekend person' },
  evening: { zh: '夜间型', en: 'Evening person' },
};

export function createVocabulary(fields: readonly CatalogField[], personas: readonly Persona[], locale: Locale): Vocabulary {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const fieldLabel = (name: string) => {
    const field = byName.get(name);
    // The catalog's persona label mentions where its numbers come from; here they are names.
    if (name === 'persona') return locale === 'en' ? 'Persona' : '人群画像';
    return field ? pick(field, locale) : name;
  };
  const valueLabel = (name: string, value: string): string => {
    if (name === 'persona') {
      const persona = personas.find((p) => String(p.id) === value);
      return persona ? pick(persona, locale) : `#${value}`;
    }
    if (name === 'tag') {
      const colon = value.indexOf(':');
      const prefix = value.slice(0, colon);
      const rest = value.slice(colon + 1);
      if (prefix === 'time' && TIME_TAGS[rest]) return pick(TIME_TAGS[rest], locale);
      const source = TAG_FIELDS[prefix];
      return source ? `${fieldLabel(source)}${locale === 'en' ? ': ' : '：'}${valueLabel(source, rest)}` : value;
    }
    const known = byName.get(name)?.values?.find((v) => v.value === value);
    return known ? pick(known, locale) : value;
  };
  return { fields, field: (name) => byName.get(name), fieldLabel, valueLabel };
}

const MONEY_FIELDS = new Set(['monetary', 'avg_basket', 'expected_spend_90d']);
const SHARE_FIELDS = new Set(['weekend_share', 'evening_share', 'p_alive']);

/** A number of a profile field, written as its kind asks (money, share, count). */
export function formatFieldNumber(field: string, value: number | null | undefined, format: Format): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return format.number(null);
  if (SHARE_FIELDS.has(field)) return format.percent(value, 0);
  if (MONEY_FIELDS.has(field)) return `¥${format.number(value, Math.abs(value) >= 100 ? 0 : 2)}`;
  return format.number(value, Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 2);
}
