/**
 * The filter bar at the top of every page: period (with quick ranges), province → city → venue,
 * channel and segment. Every change goes to the URL, which is where pages read filters from.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { citiesIn, usePlaces, venuesIn } from '../places.ts';
import { useOnSegmentsChanged } from '../segments-changed.ts';
import { useAppContext } from '../app-context.ts';
import { defineText, fill } from '../i18n/locale.ts';
import { updateParams } from '../url-state.ts';
import { addDays, daysBetween, FIRST_DAY, isDay, isStaleSegment, LAST_DAY } from './filters.ts';

const text = defineText({
  'zh-CN': {
    period: '时间',
    to: '至',
    days: '近{n}天',
    province: '省份',
    city: '城市',
    venue: '场所',
    channel: '渠道',
    segment: '人群',
    all: '全部',
    clear: '清除筛选',
    pc: 'PC',
    mobile: '手机端',
    wechat: '微信端',
    app: 'App',
    segmentGone: '人群 {id} 已不存在，已取消这个筛选。',
    badDate: '链接中的日期无效（须为 1970-01-01 至 2999-12-31 之间的真实日期），已改用默认时间段。',
    invalidDate: '请输入 1970-01-01 至 2999-12-31 之间的有效日期。',
  },
  en: {
    period: 'Period',
    to: 'to',
    days: 'Last {n} days',
    province: 'Province',
    city: 'City',
    venue: 'Venue',
    channel: 'Channel',
    segment: 'Segment',
    all: 'All',
    clear: 'Clear filters',
    pc: 'PC',
    mobile: 'Mobile',
    wechat: 'WeChat',
    app: 'App',
    segmentGone: 'Segment {id} no longer exists; the filter was removed.',
    badDate: 'A date in the link is not valid (it must be a real day from 1970-01-01 to 2999-12-31); the default period is shown.',
    invalidDate: 'Enter a valid date from 1970-01-01 to 2999-12-31.',
  },
});

const QUICK_RANGES = [7, 30, 90, 365];
export const CHANNELS = ['pc', 'mobile', 'wechat', 'app'] as const;

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  all: string;
  onChange: (value: string) => void;
  /**
   * Render the options only once the user reaches for the list (focus or press). A chain's few
   * thousand venues as options cost the browser about a second of layout on every first view.
   */
  lazy?: boolean;
  /** The options are still loading: a value not among them is not shown raw (a segment's id). */
  pending?: boolean;
}) {
  const [opened, setOpened] = useState(!props.lazy);
  const open = () => setOpened(true);
  const current = props.options.find((option) => option.value === props.value);
  const shown = opened ? props.options : current ? [current] : [];
  return (
    <label class="filter">
      <span>{props.label}</span>
      <select
        name={props.name}
        class={props.lazy ? 'long-list' : undefined}
        value={props.value ?? ''}
        onFocus={open}
        onPointerDown={open}
        onChange={(event) => props.onChange((event.target as HTMLSelectElement).value)}
      >
        <option value="">{props.all}</option>
        {props.value && !current && <option value={props.value}>{props.pending ? '…' : props.value}</option>}
        {shown.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How long a typed date stays unsent, in case the next keystroke changes it again. */
const TYPING_PAUSE_MS = 700;

/**
 * A date field that sends its day to the URL only when it is a complete, real day in range, and only
 * once the typing is done (a pause, leaving the field, or Enter): a year typed digit by digit is one
 * change of the period, not four, and never an impossible day.
 */
function DateInput(props: { name: 'from' | 'to'; value: string; min?: string; max?: string; invalidLabel: string }) {
  const [draft, setDraft] = useState(props.value);
  const [invalid, setInvalid] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    setDraft(props.value);
    setInvalid(false);
  }, [props.value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (value: string) => {
    clearTimeout(timer.current);
    if (!isDay(value)) {
      // Leaving a half-typed or impossible date puts back the period in force.
      setDraft(props.value);
      setInvalid(value !== '');
      return;
    }
    setInvalid(false);
    if (value !== props.value) updateParams({ [props.name]: value });
  };
  return (
    <input
      type="date"
      name={props.name}
      value={draft}
      min={props.min ?? FIRST_DAY}
      max={props.max ?? LAST_DAY}
      aria-invalid={invalid || undefined}
      title={invalid ? props.invalidLabel : undefined}
      onInput={(event) => {
        const value = (event.target as HTMLInputElement).value;
        setDraft(value);
        clearTimeout(timer.current);
        if (isDay(value)) timer.current = setTimeout(() => commit(value), TYPING_PAUSE_MS);
      }}
      onBlur={(event) => commit((event.target as HTMLInputElement).value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit((event.target as HTMLInputElement).value);
      }}
    />
  );
}

export function FilterBar() {
  const { locale, filters, today } = useAppContext();
  const t = text(locale);
  const places = usePlaces().data;
  const provinces = (places?.provinces ?? []).map((p) => ({ value: p.name, label: p.name }));
  const cities = filters.province ? citiesIn(places, filters.province).map((c) => ({ value: c.name, label: c.name })) : [];
  const venues = venuesIn(places, filters.province, filters.city).map((v) => ({ value: v.id, label: v.name ?? v.id }));
  const segments = useApi<{ segments: { id: number | string; name: string }[] }>('/segments');
  useOnSegmentsChanged(segments.reload);
  // A segment deleted (here, elsewhere, or before a bookmark was opened) leaves the filter, with a note.
  const [goneSegment, setGoneSegment] = useState<string | undefined>(undefined);
  const saved = segments.status === 'ok' ? segments.data.segments : undefined;
  useEffect(() => {
    if (!isStaleSegment(filters.segment, saved)) return;
    setGoneSegment(filters.segment);
    updateParams({ segment: undefined }, { replace: true });
  }, [filters.segment, saved]);
  useEffect(() => {
    if (filters.segment !== undefined) setGoneSegment(undefined);
  }, [filters.segment]);
  const length = daysBetween(filters.from, filters.to);

  return (
    <form class="filter-bar" onSubmit={(event) => event.preventDefault()} aria-label={t.period}>
      <fieldset class="filter period">
        <span>{t.period}</span>
        <DateInput name="from" value={filters.from} max={filters.to} invalidLabel={t.invalidDate} />
        <span class="to">{t.to}</span>
        <DateInput name="to" value={filters.to} min={filters.from} invalidLabel={t.invalidDate} />
        <span class="quick-ranges">
          {QUICK_RANGES.map((days) => (
            <button
              type="button"
              key={days}
              class="chip"
              aria-pressed={filters.to === today && length === days}
              onClick={() => updateParams({ from: addDays(today, -(days - 1)), to: today })}
            >
              {t.days.replace('{n}', String(days))}
            </button>
          ))}
        </span>
      </fieldset>
      <Select
        name="province"
        label={t.province}
        all={t.all}
        value={filters.province}
        options={provinces}
        onChange={(value) => updateParams({ province: value, city: undefined, venue: undefined })}
      />
      <Select
        name="city"
        label={t.city}
        all={t.all}
        value={filters.city}
        options={cities}
        onChange={(value) => updateParams({ city: value, venue: undefined })}
      />
      <Select
        name="venue"
        label={t.venue}
        all={t.all}
        value={filters.venue}
        options={venues}
        lazy
        onChange={(value) => updateParams({ venue: value })}
      />
      <Select
        name="channel"
        label={t.channel}
        all={t.all}
        value={filters.channel}
        options={CHANNELS.map((channel) => ({ value: channel, label: t[channel] }))}
        onChange={(value) => updateParams({ channel: value })}
      />
      <Select
        name="segment"
        label={t.segment}
        all={t.all}
        value={filters.segment}
        options={(segments.data?.segments ?? []).map((segment) => ({ value: String(segment.id), label: segment.name }))}
        onChange={(value) => updateParams({ segment: value })}
        pending={segments.status !== 'ok'}
      />
      {(filters.province || filters.city || filters.venue || filters.channel || filters.segment) && (
        <button
          type="button"
          class="link-button"
          onClick={() => updateParams({ province: undefined, city: undefined, venue: undefined, channel: undefined, segment: undefined })}
        >
          {t.clear}
        </button>
      )}
      {filters.rejected && (
        <p class="filter-note" role="status">
          {t.badDate}
        </p>
      )}
      {goneSegment !== undefined && (
        <p class="filter-note" role="status">
          {fill(t.segmentGone, { id: goneSegment })}
        </p>
      )}
    </form>
  );
}
