/**
 * Loading, empty and error states that say what is happening, so no panel is ever a blank box.
 * `ResourceView` picks the right one for a `useApi` resource and renders the data otherwise.
 */
import type { ComponentChildren } from 'preact';
import type { Resource } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { commonText } from './common-text.ts';
import { describeError, isNoDataError } from './error-text.ts';

export function Loading({ label }: { label?: string }) {
  const text = commonText(useAppContext().locale);
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label ?? text.loading}
    </div>
  );
}

export function Empty({ message }: { message?: string }) {
  const text = commonText(useAppContext().locale);
  return <div class="state state-empty">{message ?? text.empty}</div>;
}

export function ErrorMessage({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { locale } = useAppContext();
  const text = commonText(locale);
  // A store with no data yet is not a failure: say so calmly, where the panel will be.
  if (isNoDataError(error)) return <Empty message={describeError(error, locale)} />;
  return (
    <div class="state state-error" role="alert">
      {text.error}
      {describeError(error, locale)}
      {onRetry && (
        <button type="button" class="link-button" onClick={onRetry}>
          {text.retry}
        </button>
      )}
    </div>
  );
}

export interface ResourceViewProps<T> {
  readonly resource: Resource<T> & { reload?: () => void };
  /** Whether the loaded data has nothing to show. */
  readonly isEmpty?: (data: T) => boolean;
  readonly emptyMessage?: string;
  readonly children: (data: T) => ComponentChildren;
}

export function ResourceView<T>({ resource, isEmpty, emptyMessage, children }: ResourceViewProps<T>) {
  if (resource.status === 'error') return <ErrorMessage error={resource.error} onRetry={resource.reload} />;
  if (resource.data === undefined) return <Loading />;
  if (isEmpty?.(resource.data)) return <Empty message={emptyMessage} />;
  return <div class={resource.status === 'loading' ? 'refreshing' : undefined}>{children(resource.data)}</div>;
}
