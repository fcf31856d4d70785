/**
 * One user's profile (GET /profiles/:userId) as the facts a profile card shows, grouped: RFM and
 * spend, predictions, preferences, demographics. Lists arrive as arrays or as JSON text, dates as
 * YYYY-MM-DD, the registration as a UTC timestamp. Pure.
 */
import type { Format } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { ProfileCell } from './profile-types.ts';
import { formatFieldNumber, type Vocabulary } from './profile-vocabulary.ts';

export interface ProfileFact {
  readonly field: string;
  readonly label: string;
  readonly value: string;
  /** A colour for the value: good (low churn risk…), warn, bad. */
  readonly tone?: 'good' | 'warn' | 'bad';
}

export interface ProfileSection {
  readonly id: 'rfm' | 'predictions' | 'preferences' | 'demographics';
  readonly facts: readonly ProfileFact[];
}

/** Words for the columns that are not profile fields of the catalog. */
export interface ProfileCardWords {
  readonly first_purchase: string;
  readonly purchase_days: string;
  readonly first_active: string;
  readonly registered_at: string;
  readonly hour: string;
  readonly weekdays: string;
  readonly listSeparator: string;
}

export const SECTION_FIELDS: Readonly<Record<ProfileSection['id'], readonly string[]>> = {
  rfm: [
    'rfm_segment',
    'r_score',
    'f_score',
    'm_score',
    'recency_days',
    'frequency',
    'purchase_days',
    'monetary',
    'avg_basket',
    'orders_per_month',
    'spending_tier',
    'spending_tier_province',
    'first_purchase',
    'last_purchase',
  ],
  predictions: ['p_alive', 'expected_purchases_30d', 'expected_purchases_90d', 'expected_spend_90d', 'churn_risk'],
  preferences: [
    'preferred_channel',
    'preferred_order_type',
    'top_categories',
    'top_venues',
    'viewed_categories',
    'searched_terms',
    'active_hours',
    'active_weekdays',
    'weekend_share',
    'evening_share',
    'activities',
    'first_active',
    'last_active',
  ],
  demographics: ['age', 'age_band', 'gender', 'marital_status', 'occupation', 'industry', 'province', 'city', 'registered_at'],
};

/** Columns labelled by the card's own words (they are not fields of the catalog). */
const OWN_LABELS: readonly string[] = ['first_purchase', 'purchase_days', 'first_active', 'registered_at'];

/** A list cell as an array (null when empty or unreadable). */
export function listOf(cell: ProfileCell | undefined): (string | number)[] | null {
  if (Array.isArray(cell)) return cell.length > 0 ? [...(cell as (string | number)[])] : null;
  if (typeof cell === 'string' && cell.startsWith('[')) {
    try {
      const parsed = JSON.parse(cell) as unknown;
      return Array.isArray(parsed) && parsed.length > 0 ? (parsed as (string | number)[]) : null;
    } catch {
      return null;
    }
  }
  return null;
}

const TONES: Readonly<Record<string, Readonly<Record<string, ProfileFact['tone']>>>> = {
  churn_risk: { low: 'good', medium: 'warn', high: 'bad' },
  lifecycle: { new: 'good', active: 'good', growing: 'good', reactivated: 'good', at_risk: 'warn', churned: 'bad' },
};

/** The tone of a stage or churn risk value. */
export function toneOf(field: string, value: string | null | undefined): ProfileFact['tone'] {
  return value ? TONES[field]?.[value] : undefined;
}

function weekdayName(day: number, locale: Locale): string {
  // 2024-01-01 was a Monday: day 1.
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
}

function factValue(
  field: string,
  cell: ProfileCell | undefined,
  vocabulary: Vocabulary,
  format: Format,
  locale: Locale,
  timeZone: string,
  words: ProfileCardWords,
): string {
  if (cell === null || cell === undefined || cell === '') return '—';
  if (field === 'registered_at') return format.dateTime(String(cell), timeZone);
  if (field === 'first_purchase' || field === 'last_purchase' || field === 'first_active' || field === 'last_active')
    return format.date(String(cell));
  if (field === 'active_hours')
    return (
      listOf(cell)
        ?.map((h) => words.hour.replace('{h}', String(h)))
        .join(words.listSeparator) ?? '—'
    );
  if (field === 'active_weekdays')
    return (
      listOf(cell)
        ?.map((d) => weekdayName(Number(d), locale))
        .join(words.listSeparator) ?? '—'
    );
  const kind = vocabulary.field(field)?.kind;
  if (kind === 'list')
    return (
      listOf(cell)
        ?.map((v) => vocabulary.valueLabel(field, String(v)))
        .join(words.listSeparator) ?? '—'
    );
  if (field === 'expected_purchases_30d' || field === 'expected_purchases_90d') return format.number(Number(cell), 1);
  if (typeof cell === 'number' || kind === 'number') {
    if (field === 'persona') return vocabulary.valueLabel(field, String(cell));
    return formatFieldNumber(field, Number(cell), format);
  }
  return vocabulary.valueLabel(field, String(cell));
}

/** The card's sections, each with the facts of its fields in order. */
export function profileSections(
  profile: Readonly<Record<string, ProfileCell>>,
  vocabulary: Vocabulary,
  format: Format,
  locale: Locale,
  timeZone: string,
  words: ProfileCardWords,
): ProfileSection[] {
  const label = (field: string) => (OWN_LABELS.includes(field) ? words[field as keyof ProfileCardWords] : vocabulary.fieldLabel(field));
  return (Object.keys(SECTION_FIELDS) as ProfileSection['id'][]).map((id) => ({
    id,
    facts: SECTION_FIELDS[id].map((field) => {
      const cell = profile[field];
      const tone = toneOf(field, typeof cell === 'string' ? cell : null);
      return {
        field,
        label: label(field),
        value: factValue(field, cell, vocabulary, format, locale, timeZone, words),
        ...(tone ? { tone } : {}),
      };
    }),
  }));
}
