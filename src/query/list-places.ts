/**
 * The places of the catalog — provinces, their cities, their venues — for pickers such as the
 * dashboard's filter bar: read from the venues table, so listing them costs nothing however many
 * orders and events the store holds. Provinces and cities come with their number of venues.
 */
import type { QueryScope } from '../analysis/metrics/metric-query.ts';
import type { Store } from '../store/store.ts';
import { loadVenues, type VenueInfo } from './flow-forecast.ts';

export interface PlaceList {
  /** Most venues first, then by name. */
  readonly provinces: readonly { readonly name: string; readonly venues: number }[];
  readonly cities: readonly { readonly name: string; readonly province: string | null; readonly venues: number }[];
  readonly venues: readonly {
    readonly id: string;
    readonly name: string | null;
    readonly province: string | null;
    readonly city: string | null;
    readonly type: string | null;
  }[];
}

/** Groups venues into the place list (pure). */
export function toPlaceList(venues: readonly VenueInfo[]): PlaceList {
  const provinces = new Map<string, number>();
  const cities = new Map<string, { name: string; province: string | null; venues: number }>();
  for (const venue of venues) {
    if (venue.province) provinces.set(venue.province, (provinces.get(venue.province) ?? 0) + 1);
    if (venue.city) {
      const key = `${venue.province ?? ''}\u0000${venue.city}`;
      const city = cities.get(key) ?? { name: venue.city, province: venue.province, venues: 0 };
      city.venues += 1;
      cities.set(key, city);
    }
  }
  const byCount = <T extends { name: string; venues: number }>(a: T, b: T) => b.venues - a.venues || a.name.localeCompare(b.name, 'zh-CN');
  return {
    provinces: [...provinces].map(([name, count]) => ({ name, venues: count })).sort(byCount),
    cities: [...cities.values()].sort(byCount),
    venues: venues
      .map((v) => ({ id: v.venueId, name: v.name, province: v.province, city: v.city, type: v.type }))
      .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'zh-CN')),
  };
}

/** The catalog's places the caller may see. */
export async function listPlaces(store: Store, scope: QueryScope): Promise<PlaceList> {
  const venues = await loadVenues(store);
  const allowed = scope.provinces;
  return toPlaceList(allowed ? venues.filter((venue) => venue.province !== null && allowed.includes(venue.province)) : venues);
}
