/** Which stored forecast the region filter selects: GET /flow/forecast takes one place, the most specific one chosen. */
import type { Filters } from '../filters/filters.ts';

export type ForecastTarget = { readonly venue: string } | { readonly city: string } | { readonly province: string } | Record<string, never>;

/** The venue if one is chosen, else the city, else the province, else the whole business (`{}`). */
export function forecastTarget(filters: Pick<Filters, 'province' | 'city' | 'venue'>): ForecastTarget {
  if (filters.venue) return { venue: filters.venue };
  if (filters.city) return { city: filters.city };
  if (filters.province) return { province: filters.province };
  return {};
}
