/**
 * ECharts, loaded on demand. It is most of the dashboard's JavaScript: imported statically it would
 * make every page wait for it before asking the server for anything. Loaded this way, a page's own
 * small chunk runs at once and its requests go out while ECharts is still on the way.
 */
import type { echarts } from './echarts-core.ts';

export type ECharts = typeof echarts;

let loading: Promise<ECharts> | undefined;

export function loadEcharts(): Promise<ECharts> {
  if (!loading) {
    loading = import('./echarts-core.ts').then((module) => module.echarts);
    // A failed load (the network) may be tried again by the next chart.
    loading.catch(() => (loading = undefined));
  }
  return loading;
}
