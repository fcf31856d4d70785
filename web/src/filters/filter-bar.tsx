/**
 * The filter bar at the top of every page: period (with quick ranges), province → city → venue,
 * channel and segment. Every change goes to the URL, which is where pages read filters from.
 */
import { useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { citiesIn, usePlaces, venuesIn } from '../places.ts';
import { useOnSegmentsChanged } from '../segments-changed.ts';
import { useAppContext } from '../app-context.ts';
import { defineText } from '../i18n/locale.ts';
import { updateParams } from '../url-state.ts';
import { addDays, daysBetween } from './filters.ts';

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
        {props.value && !current && <option value={props.value}>{props.value}</option>}
        {shown.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
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
  const length = daysBetween(filters.from, filters.to);

  return (
    <form class="filter-bar" onSubmit={(event) => event.preventDefault()} aria-label={t.period}>
      <fieldset class="filter period">
        <span>{t.period}</span>
        <input
          type="date"
          name="from"
          value={filters.from}
          max={filters.to}
          onChange={(event) => updateParams({ from: (event.target as HTMLInputElement).value })}
        />
        <span class="to">{t.to}</span>
        <input
          type="date"
          name="to"
          value={filters.to}
          min={filters.from}
          onChange={(event) => updateParams({ to: (event.target as HTMLInputElement).value })}
        />
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
    </form>
  );
}
