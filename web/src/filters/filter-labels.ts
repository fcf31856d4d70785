/**
 * The filters in force as people read them: "渠道：微信端" rather than `channel=wechat`, a venue and a
 * segment by their names. Pure, so the wording is tested without a browser.
 */
import { defineText, type Locale } from '../i18n/locale.ts';

const words = defineText({
  'zh-CN': {
    province: '省份',
    city: '城市',
    venue: '场所',
    channel: '渠道',
    segment: '人群',
    separator: '：',
    join: '，',
    pc: 'PC',
    mobile: '手机端',
    wechat: '微信端',
    app: 'App',
  },
  en: {
    province: 'Province',
    city: 'City',
    venue: 'Venue',
    channel: 'Channel',
    segment: 'Segment',
    separator: ': ',
    join: ', ',
    pc: 'PC',
    mobile: 'Mobile',
    wechat: 'WeChat',
    app: 'App',
  },
});

const NAMES = ['province', 'city', 'venue', 'channel', 'segment'] as const;
type FilterName = (typeof NAMES)[number];

/** Names of what filters name by id. */
export interface FilterNames {
  readonly venueName?: (id: string) => string | undefined;
  readonly segmentName?: (id: string) => string | undefined;
}

/** One filter, `name=value` as the API reports it or a name and value, in words. */
export function filterLabel(name: string, value: string, locale: Locale, names: FilterNames = {}): string {
  const t = words(locale);
  if (!(NAMES as readonly string[]).includes(name)) return `${name}=${value}`;
  const shown =
    name === 'channel'
      ? (t[value as 'pc' | 'mobile' | 'wechat' | 'app'] ?? value)
      : name === 'venue'
        ? (names.venueName?.(value) ?? value)
        : name === 'segment'
          ? (names.segmentName?.(value) ?? value)
          : value;
  return `${t[name as FilterName]}${t.separator}${shown}`;
}

/** Filters given as `name=value` texts (the reports' `filters`), in words, joined. */
export function describeFilterTexts(texts: readonly string[], locale: Locale, names: FilterNames = {}): string {
  return texts
    .map((text) => {
      const at = text.indexOf('=');
      return at < 0 ? text : filterLabel(text.slice(0, at), text.slice(at + 1), locale, names);
    })
    .join(words(locale).join);
}
