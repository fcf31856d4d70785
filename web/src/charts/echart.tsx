/**
 * One ECharts instance in a div: created on mount (once ECharts has loaded), updated with each new
 * option, resized with its box (`data-drawn` once drawn). If ECharts cannot be loaded, the box says
 * so in words.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useAppContext } from '../app-context.ts';
import { commonText } from '../components/common-text.ts';
import type { ChartOption } from './echarts-core.ts';
import { loadEcharts, type ECharts } from './load-echarts.ts';
import { PALETTE } from './palette.ts';

export interface EChartProps {
  readonly option: ChartOption;
  readonly height?: number | string;
  /** Called with the clicked item (a map region, a bar…). */
  readonly onClick?: (params: { name: string; data?: unknown; seriesName?: string }) => void;
  /** Test hook and accessible name. */
  readonly label?: string;
}

const withDefaults = (option: ChartOption): ChartOption => ({ color: PALETTE, animationDuration: 300, ...option });

export function EChart({ option, height = 300, onClick, label }: EChartProps) {
  const { locale } = useAppContext();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<ECharts['init']> | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const click = useRef(onClick);
  click.current = onClick;
  const [failed, setFailed] = useState<Error | null>(null);

  useEffect(() => {
    const element = box.current!;
    let unmounted = false;
    let observer: ResizeObserver | undefined;
    loadEcharts().then(
      (echarts) => {
        if (unmounted) return;
        const instance = echarts.init(element, undefined, { renderer: 'canvas' });
        chart.current = instance;
        instance.on('click', (params) => click.current?.(params as { name: string; data?: unknown; seriesName?: string }));
        instance.setOption(withDefaults(latest.current), { notMerge: true });
        // Tests and the benchmark wait for this: the chart is on the page, not just its box.
        element.dataset.drawn = 'true';
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(element);
      },
      (error: Error) => !unmounted && setFailed(error),
    );
    return () => {
      unmounted = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(withDefaults(option), { notMerge: true });
  }, [option]);

  return (
    <div ref={box} class="echart" role="img" aria-label={label} data-chart={label} style={{ height }}>
      {failed && (
        <p class="state state-error">
          {commonText(locale).error}
          {failed.message}
        </p>
      )}
    </div>
  );
}
