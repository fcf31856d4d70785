/**
 * ResourceView for forecasts: a forecast that is not stored is computed on demand and takes a few
 * seconds, so the first load says so instead of a bare "loading".
 */
import type { ComponentChildren } from 'preact';
import type { Resource } from '../api.ts';
import { Loading, ResourceView } from '../components/state-view.tsx';

export function ForecastResourceView<T>(props: {
  readonly resource: Resource<T> & { reload?: () => void };
  /** What the wait is, in words ("正在计算预测…"). */
  readonly loadingLabel: string;
  readonly isEmpty?: (data: T) => boolean;
  readonly emptyMessage?: string;
  readonly children: (data: T) => ComponentChildren;
}) {
  if (props.resource.status === 'loading' && props.resource.data === undefined) return <Loading label={props.loadingLabel} />;
  // While the next forecast is computed the previous one stays on screen, dimmed, with the same words.
  return (
    <>
      {props.resource.status === 'loading' && (
        <div class="forecast-computing" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true" />
          {props.loadingLabel}
        </div>
      )}
      <ResourceView resource={props.resource} isEmpty={props.isEmpty} emptyMessage={props.emptyMessage}>
        {props.children}
      </ResourceView>
    </>
  );
}
