/**
 * The note a page shows when filters chosen in the filter bar do not apply to (part of) it, as the
 * logs page does for places: the forecasts and alerts are by place, not by channel or segment.
 */
import { useAppContext } from '../app-context.ts';
import type { Filters } from '../filters/filters.ts';
import { defineText, fill } from '../i18n/locale.ts';

const words = defineText({
  'zh-CN': {
    channel: '渠道',
    segment: '人群',
    join: '、',
    note: '{filters}筛选对{what}不适用：显示的是未按{filters}筛选的结果。',
  },
  en: {
    channel: 'channel',
    segment: 'segment',
    join: ' and ',
    note: 'The {filters} filter does not apply to {what}: it shows the results without it.',
  },
});

/** The filters in force among `names`, in the filter bar's order. */
export function activeAmong(filters: Filters, names: readonly ('channel' | 'segment')[]): ('channel' | 'segment')[] {
  return names.filter((name) => filters[name] !== undefined);
}

/** A note naming the chosen filters that `what` (this page, the forecast…) ignores; nothing when none is chosen. */
export function FiltersNotApplied({ names, what, inline }: { names: readonly ('channel' | 'segment')[]; what: string; inline?: boolean }) {
  const { locale, filters } = useAppContext();
  const active = activeAmong(filters, names);
  if (active.length === 0) return null;
  const t = words(locale);
  const message = fill(t.note, { filters: active.map((name) => t[name]).join(t.join), what });
  return inline ? (
    <span class="filters-not-applied"> {message}</span>
  ) : (
    <p class="notice notice-strong filters-not-applied" role="note">
      {message}
    </p>
  );
}
