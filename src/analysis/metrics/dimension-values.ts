/**
 * The values a dimension can hold, for reading filter values as the data holds them. Enumerated
 * dimensions take the words import takes (src/domain/vocabulary.ts: trimmed, any case, Chinese labels
 * and synonyms — `channel=微信端` means `wechat`, `log_level=error` means `ERROR`) and refuse a word
 * that is none of their values, as segments do; whole-number dimensions refuse numbers outside their
 * range; provinces and cities also match their short names (`province=广东省` finds `广东`).
 */
import { ENTITIES } from '../../domain/entities.ts';
import { toCanonical, VOCABULARIES, type Vocabulary } from '../../domain/vocabulary.ts';
import { PROFILE_VOCABULARIES } from '../profiles/profile-vocabularies.ts';
import type { DimensionName } from './dimensions.ts';
import { placeNameForms } from './place-names.ts';

/** Enumerated dimensions and the vocabulary of the field they read. */
const DIMENSION_VOCABULARIES: Partial<Record<DimensionName, Vocabulary>> = {
  channel: VOCABULARIES.channel,
  order_type: VOCABULARIES.order_type,
  status: VOCABULARIES.order_status,
  gender: VOCABULARIES.gender,
  marital_status: VOCABULARIES.marital_status,
  venue_type: VOCABULARIES.venue_type,
  log_level: VOCABULARIES.log_level,
  log_type: VOCABULARIES.log_type,
  log_source: VOCABULARIES.log_source,
  // Computed from the age, in the bands profiles use (and the same words segments take).
  age_band: PROFILE_VOCABULARIES.age_band!,
};

const userAge = ENTITIES.users.fields.find((field) => field.name === 'age');

/** Whole-number dimensions and the values they can hold: the calendar's, and the ages import accepts. */
export const WHOLE_NUMBER_RANGES: Partial<Record<DimensionName, { readonly min: number; readonly max: number }>> = {
  weekday: { min: 1, max: 7 },
  hour_of_day: { min: 0, max: 23 },
  age: { min: userAge?.min ?? 0, max: userAge?.max ?? 130 },
};

/** A filter value that cannot be: why, naming the dimension, the value and what it takes. */
export type DimensionValues = { readonly ok: true; readonly values: readonly string[] } | { readonly ok: false; readonly reason: string };

const describeValues = (vocabulary: Vocabulary): string =>
  vocabulary.values
    .map((value) => (vocabulary.zh[value] && vocabulary.zh[value] !== value ? `${value} (${vocabulary.zh[value]})` : value))
    .join(', ');

/**
 * The stored values a text filter value on `dimension` matches: the canonical value of an enumerated
 * dimension (or a reason naming what it takes), the written and short forms of a place, else the value.
 */
export function filterValuesOf(dimension: DimensionName, text: string): DimensionValues {
  const vocabulary = DIMENSION_VOCABULARIES[dimension];
  if (vocabulary) {
    const value = toCanonical(vocabulary, text);
    if (value !== undefined) return { ok: true, values: [value] };
    return { ok: false, reason: `dimension "${dimension}" has no value "${text}"; it takes ${describeValues(vocabulary)}` };
  }
  if (dimension === 'province' || dimension === 'user_province') return { ok: true, values: placeNameForms('province', text) };
  if (dimension === 'city' || dimension === 'user_city') return { ok: true, values: placeNameForms('city', text) };
  return { ok: true, values: [text] };
}

/** Why `value` is outside the range of a whole-number dimension, or undefined when it is within it. */
export function wholeNumberOutOfRange(dimension: DimensionName, value: number): string | undefined {
  const range = WHOLE_NUMBER_RANGES[dimension];
  if (!range || (value >= range.min && value <= range.max)) return undefined;
  return `dimension "${dimension}" takes whole numbers from ${range.min} to ${range.max}, got "${value}"`;
}
