/**
 * The catalog's places (GET /api/v1/places): provinces, cities and venues, cheap to list however
 * large the store — what pickers and "every place, even quiet ones" lists read, instead of asking
 * the metrics layer over all time.
 */
import { useApi } from './api.ts';

export interface PlaceList {
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

export function usePlaces() {
  return useApi<PlaceList>('/places');
}

/** Cities of a province (all cities without one). */
export function citiesIn(list: PlaceList | undefined, province: string | undefined) {
  return (list?.cities ?? []).filter((city) => !province || city.province === province);
}

/** Venues of a province and city (either may be unset). */
export function venuesIn(list: PlaceList | undefined, province: string | undefined, city: string | undefined) {
  return (list?.venues ?? []).filter((venue) => (!province || venue.province === province) && (!city || venue.city === city));
}

/** A venue's name, or its id when the catalog does not have it. */
export function venueName(list: PlaceList | undefined, id: string): string {
  return list?.venues.find((venue) => venue.id === id)?.name ?? id;
}
