/** One ECharts instance in a div: created on mount, updated with each new option, resized with its box. */
import { useEffect, useRef } from 'preact/hooks';
import { echarts, PALETTE, type ChartOption } from './echarts-core.ts';

export interface EChartProps {
  readonly option: ChartOption;
  readonly height?: number | string;
  /** Called with the clicked item (a map region, a bar…). */
  readonly onClick?: (params: { name: string; data?: unknown; seriesName?: string }) => void;
  /** Test hook and accessible name. */
  readonly label?: string;
}

export function EChart({ option, height = 300, onClick, label }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const element = box.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params as { name: string; data?: unknown; seriesName?: string }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, animationDuration: 300, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} class="echart" role="img" aria-label={label} data-chart={label} style={{ height }} />;
}
