/**
 * The profile fields a client may segment by and chart, described for an editor: kind, labels, the
 * rule operators the field takes (as parseSegmentRule reads them) and, for closed vocabularies, the
 * values with their words. Built from PROFILE_FIELDS and the profile rules, so it cannot drift from
 * what the server accepts. Operators are those of rules sent as objects (`{ field, op, values }`),
 * which take any value; the text form cannot carry a value starting with < or > (`age_band=<18`).
 */
import { PROFILE_FIELDS, type ProfileFieldKind } from '../analysis/profiles/profile-fields.ts';
import { LIFECYCLE_STAGES, PROFILE_LABELS, RFM_SEGMENTS, SPENDING_TIERS } from '../analysis/profiles/profile-rules.ts';
import type { RuleOp } from '../analysis/profiles/segment-rules.ts';

export interface CatalogValue {
  readonly value: string;
  readonly zh: string;
  readonly en: string;
}

export interface CatalogField {
  readonly name: string;
  readonly kind: ProfileFieldKind;
  readonly zh: string;
  readonly en: string;
  /** Lists of whole numbers (hours, weekdays). */
  readonly numericElements: boolean;
  /** `in` with one value is equality; `not_in` keeps users without a value. */
  readonly operators: readonly RuleOp[];
  /** The values the field can take, in their natural order, when the vocabulary is closed. */
  readonly values?: readonly CatalogValue[];
}

const ORDERED_OPERATORS: readonly RuleOp[] = ['in', 'not_in', 'gte', 'lte', 'gt', 'lt', 'between'];
const SET_OPERATORS: readonly RuleOp[] = ['in', 'not_in'];

const labelled = (values: readonly string[], words: Readonly<Record<string, { zh: string; en: string }>>): CatalogValue[] =>
  values.map((value) => ({ value, zh: words[value]?.zh ?? value, en: words[value]?.en ?? value }));

/** Words of the closed vocabularies the profile computation produces. */
const VOCABULARIES: Readonly<Record<string, readonly CatalogValue[]>> = {
  lifecycle: labelled(LIFECYCLE_STAGES, PROFILE_LABELS),
  rfm_segment: labelled(RFM_SEGMENTS, PROFILE_LABELS),
  churn_risk: labelled(['low', 'medium', 'high'], {
    low: { zh: '低', en: 'Low' },
    medium: { zh: '中', en: 'Medium' },
    high: { zh: '高', en: 'High' },
  }),
  preferred_channel: labelled(['pc', 'mobile', 'wechat', 'app'], {
    pc: { zh: 'PC端', en: 'PC' },
    mobile: { zh: '手机端', en: 'Mobile web' },
    wechat: { zh: '微信端', en: 'WeChat' },
    app: { zh: 'App', en: 'App' },
  }),
  preferred_order_type: labelled(['online', 'phone', 'pickup'], {
    online: { zh: '网络下单', en: 'Online' },
    phone: { zh: '电话下单', en: 'Phone' },
    pickup: { zh: '到店自提', en: 'Pickup' },
  }),
  gender: labelled(['female', 'male', 'other', 'unknown'], {
    female: { zh: '女', en: 'Female' },
    male: { zh: '男', en: 'Male' },
    other: { zh: '其他', en: 'Other' },
    unknown: { zh: '未知', en: 'Unknown' },
  }),
  marital_status: labelled(['single', 'married', 'divorced', 'widowed', 'unknown'], {
    single: { zh: '未婚', en: 'Single' },
    married: { zh: '已婚', en: 'Married' },
    divorced: { zh: '离异', en: 'Divorced' },
    widowed: { zh: '丧偶', en: 'Widowed' },
    unknown: { zh: '未知', en: 'Unknown' },
  }),
  age_band: labelled(['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'], {}),
  spending_tier: tiers(),
  spending_tier_province: tiers(),
  r_score: tiers(),
  f_score: tiers(),
  m_score: tiers(),
};

function tiers(): CatalogValue[] {
  return Array.from({ length: SPENDING_TIERS }, (_, i) => ({ value: String(i + 1), zh: String(i + 1), en: String(i + 1) }));
}

/** Every profile field, as an editor shows it. */
export function profileFieldCatalog(): CatalogField[] {
  return PROFILE_FIELDS.map((field) => {
    const values = VOCABULARIES[field.name];
    return {
      name: field.name,
      kind: field.kind,
      zh: field.zh,
      en: field.en,
      numericElements: field.numericElements === true,
      operators: field.kind === 'number' || field.kind === 'date' ? ORDERED_OPERATORS : SET_OPERATORS,
      ...(values ? { values } : {}),
    };
  });
}
