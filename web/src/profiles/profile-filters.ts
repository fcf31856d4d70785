/**
 * How the dashboard's shared filters reach the profile API: the province and city are the users' home
 * (profile fields `province`, `city`), the segment is a saved segment; the period only moves the
 * lifecycle flow, and venue and channel have no meaning for a profile. Pure.
 */
import type { Filters } from '../filters/filters.ts';
import type { DraftRule } from './segment-draft.ts';

export type ProfileFilterParams = {
  readonly segment?: string | undefined;
  /** Text rules (`province=广东`), as /profiles/distribution and /profile-insights/* take them. */
  readonly where: readonly string[];
};

/** The home-place rules of the filters, as text rules. */
export function homeRules(filters: Pick<Filters, 'province' | 'city'>): string[] {
  const where: string[] = [];
  if (filters.province) where.push(`province=${filters.province}`);
  if (filters.city) where.push(`city=${filters.city}`);
  return where;
}

/** The query parameters selecting the users the filters describe. */
export function profileFilterParams(filters: Filters): ProfileFilterParams {
  return { segment: filters.segment, where: homeRules(filters) };
}

/** Whether any filter that applies to profiles is set. */
export function hasProfileFilters(filters: Filters): boolean {
  return Boolean(filters.province || filters.city || filters.segment);
}

/** The home-place filters as rows of the segment builder. */
export function homeDraftRules(filters: Pick<Filters, 'province' | 'city'>): DraftRule[] {
  const rules: DraftRule[] = [];
  if (filters.province) rules.push({ field: 'province', op: 'in', values: [filters.province] });
  if (filters.city) rules.push({ field: 'city', op: 'in', values: [filters.city] });
  return rules;
}

/** The lifecycle flow's grain when none is chosen: weeks up to four months, months beyond. */
export function defaultGrain(days: number): 'week' | 'month' {
  return days <= 120 ? 'week' : 'month';
}
