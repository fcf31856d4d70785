/** Loads (and registers with ECharts) the map a drill-down level draws: China, or one province. */
import { useEffect, useState } from 'preact/hooks';
import { loadChinaMap, loadProvinceMap, type LoadedMap } from '../map/load-map.ts';

export type RegionMapState =
  { readonly status: 'loading' } | { readonly status: 'ok'; readonly map: LoadedMap } | { readonly status: 'error'; readonly error: Error };

/** The country map when `province` is null, else that province's map by city. */
export function useRegionMap(province: string | null): RegionMapState {
  const key = province === null ? '\u0000china' : province;
  const [state, setState] = useState<{ key: string; value: RegionMapState }>({ key, value: { status: 'loading' } });
  useEffect(() => {
    let live = true;
    setState({ key, value: { status: 'loading' } });
    (province === null ? loadChinaMap() : loadProvinceMap(province)).then(
      (map) => live && setState({ key, value: { status: 'ok', map } }),
      (error: Error) => live && setState({ key, value: { status: 'error', error } }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  // A map of another level still in state is not this level's map.
  return state.key === key ? state.value : { status: 'loading' };
}
