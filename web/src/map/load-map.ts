/**
 * Registers the map of China, or of one province, with ECharts the first time it is needed. The
 * GeoJSON files are big, so each is its own chunk: the country map arrives with the region view, a
 * province's map only when the view drills into it. ECharts decodes their compressed form
 * (`UTF8Encoding: true`) itself in registerMap.
 */
import { loadEcharts } from '../charts/load-echarts.ts';
import { provinceMapFile } from './map-names.ts';

interface GeoJson {
  readonly type: string;
  readonly features: readonly { readonly properties: { readonly name: string } }[];
}

/** A map ECharts can draw: the name it is registered under and the names of its regions. */
export interface LoadedMap {
  readonly mapName: string;
  readonly featureNames: readonly string[];
}

const provinceFiles = import.meta.glob<{ default: GeoJson }>('./provinces/*.json');
const loaded = new Map<string, Promise<LoadedMap>>();

function register(mapName: string, load: () => Promise<{ default: GeoJson }>): Promise<LoadedMap> {
  let pending = loaded.get(mapName);
  if (!pending) {
    pending = Promise.all([load(), loadEcharts()]).then(([module, echarts]) => {
      // Names are read before registerMap, which decodes the geometry in place.
      const featureNames = module.default.features.map((feature) => feature.properties.name);
      echarts.registerMap(mapName, module.default as unknown as Parameters<typeof echarts.registerMap>[1]);
      return { mapName, featureNames };
    });
    // A failed load (network) may be tried again later.
    pending.catch(() => loaded.delete(mapName));
    loaded.set(mapName, pending);
  }
  return pending;
}

/** The map of China by province (34 regions, Taiwan, Hong Kong and Macao included). */
export function loadChinaMap(): Promise<LoadedMap> {
  return register('china', () => import('./china.json'));
}

/** The map of one province by city; rejects for a province no map file has. */
export function loadProvinceMap(province: string): Promise<LoadedMap> {
  const file = provinceMapFile(province);
  const load = file ? provinceFiles[`./provinces/${file}.json`] : undefined;
  if (!load) return Promise.reject(new Error(`no map of ${province}`));
  return register(`province:${file}`, load);
}
