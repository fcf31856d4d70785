/** Locales the order report is written in. */
export type Locale = 'zh-CN' | 'en';

/** Chart font stack: the system UI face first, then the usual CJK faces so Chinese never falls back to boxes. */
export const FONT_FAMILY = 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

/** What a chart shows instead of a missing number; a dash reads as "no value" in both locales. */
export const MISSING = '—';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The text made safe for SVG content and attribute values. Characters XML 1.0 forbids even as
 * references (C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped: one stray byte in a product
 * name would otherwise make the whole report unparseable.
 */
export function escapeXml(s: string): string {
  let out = '';
  for (const ch of String(s)) {
    const code = ch.codePointAt(0) ?? 0;
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0xd800 && code <= 0xdfff) ||
      code === 0xfffe ||
      code === 0xffff;
    if (!forbidden) out += ENTITIES[ch] ?? ch;
  }
  return out;
}

// The 1-2-5 choice follows d3-array: pick the step whose error against the raw step is smallest.
function niceStep(rawStep: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const ratio = rawStep / magnitude;
  const factor = ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1;
  return factor * magnitude;
}

/** Decimal places a multiple of the step needs, so float noise (0.30000000000000004) is rounded away. */
function stepDecimals(step: number): number {
  return Math.min(20, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

/**
 * About `count` round axis ticks (steps of 1, 2 or 5 × 10^k) covering [min, max]; the first and last
 * tick enclose the data. A single value gets an axis from zero; non-finite input gives no ticks.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    if (lo > 0) lo = 0;
    else if (hi < 0) hi = 0;
    else hi = 1;
  }
  const step = niceStep((hi - lo) / Math.max(1, Math.round(Number.isFinite(count) ? count : 5)));
  if (!Number.isFinite(step) || step <= 0) return [];
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first > 1000) return [];
  const decimals = stepDecimals(step);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(decimals)) + 0);
  return ticks;
}

// Chinese groups by 10^4 (万, 亿, 万亿), English by 10^3; largest unit first.
const UNITS: Record<Locale, ReadonlyArray<readonly [number, string]>> = {
  'zh-CN': [
    [1e12, '万亿'],
    [1e8, '亿'],
    [1e4, '万'],
  ],
  en: [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ],
};

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

function plainDecimals(abs: number): number {
  if (abs >= 100 || abs === 0) return 0;
  if (abs >= 1) return 2;
  // Small ratios keep two significant digits rather than collapsing to 0.
  return Math.min(10, 1 - Math.floor(Math.log10(abs)));
}

interface CompactParts {
  readonly scaled: number;
  readonly decimals: number;
  readonly suffix: string;
  readonly exact: boolean;
}

function compactParts(abs: number, locale: Locale, fractionDigits: number): CompactParts {
  const units = UNITS[locale] ?? UNITS['zh-CN'];
  for (let i = 0; i < units.length; i++) {
    const [unit, suffix] = units[i] ?? [1, ''];
    if (abs < unit) continue;
    const scaled = roundTo(abs / unit, fractionDigits);
    const bigger = units[i - 1];
    // 9999.96万 rounds to 10000万, which a reader expects as 1亿.
    if (bigger && scaled >= bigger[0] / unit) return { scaled: 1, decimals: 0, suffix: bigger[1], exact: false };
    return { scaled, decimals: fractionDigits, suffix, exact: Math.abs(scaled * unit - abs) <= Math.abs(abs) * 1e-9 };
  }
  const decimals = plainDecimals(abs);
  const scaled = roundTo(abs, decimals);
  const smallest = units[units.length - 1];
  if (smallest && scaled >= smallest[0]) return { scaled: 1, decimals: 0, suffix: smallest[1], exact: false };
  return { scaled, decimals, suffix: '', exact: Math.abs(scaled - abs) <= Math.abs(abs) * 1e-9 };
}

/**
 * A short number for labels and ticks: 1.2万 / 3.4亿 in zh-CN, 12K / 3.4M in en. Non-finite values
 * become a dash, so NaN never reaches the page.
 */
export function formatCompact(value: number, locale: Locale = 'zh-CN', fractionDigits = 1): string {
  if (!Number.isFinite(value)) return MISSING;
  const { scaled, decimals, suffix } = compactParts(Math.abs(value), locale, Math.max(0, Math.min(6, Math.round(fractionDigits))));
  const sign = value < 0 && scaled !== 0 ? '-' : '';
  // toFixed rather than String(), which would switch to exponent notation for tiny ratios.
  const digits = decimals > 0 ? scaled.toFixed(decimals).replace(/\.?0+$/, '') : scaled.toFixed(0);
  return `${sign}${digits}${suffix}`;
}

/**
 * Compact labels for a whole axis, with just enough decimals that each label states its tick exactly
 * (ticks 12500/15000 read 1.25万/1.5万 rather than an ambiguous 1.3万/1.5万).
 */
export function formatTicks(ticks: readonly number[], locale: Locale = 'zh-CN'): string[] {
  let digits = 1;
  while (digits < 4 && !ticks.every((t) => !Number.isFinite(t) || compactParts(Math.abs(t), locale, digits).exact)) digits++;
  return ticks.map((t) => formatCompact(t, locale, digits));
}

/** A number with thousands separators, for exact counts in tooltips and funnels. */
export function formatNumber(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return MISSING;
  const fixed = Math.abs(value).toFixed(Math.max(0, Math.min(20, Math.round(fractionDigits))));
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A ratio as a percentage ("45.0%"); non-finite ratios (a division by zero) become a dash. */
export function formatPercent(ratio: number, fractionDigits = 1): string {
  if (!Number.isFinite(ratio)) return MISSING;
  const fixed = (ratio * 100).toFixed(Math.max(0, Math.min(6, Math.round(fractionDigits))));
  return `${Number(fixed) === 0 ? fixed.replace('-', '') : fixed}%`;
}

/**
 * Shares of a whole in percent, rounded by largest remainder so the labels add up to exactly 100.
 * Non-positive or non-finite parts count as zero; an empty whole gives all zeros.
 */
export function roundShares(values: readonly number[], fractionDigits = 1): number[] {
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const total = clean.reduce((sum, v) => sum + v, 0);
  if (!(total > 0) || !Number.isFinite(total)) return clean.map(() => 0);
  const scale = 10 ** fractionDigits;
  const exact = clean.map((v) => (v / total) * 100 * scale);
  const floors = exact.map(Math.floor);
  let missing = 100 * scale - floors.reduce((sum, v) => sum + v, 0);
  const order = exact.map((v, i) => ({ i, rest: v - (floors[i] ?? 0) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    missing--;
  }
  return floors.map((v) => v / scale);
}

/**
 * Rough rendered width of a text in pixels. There is no layout engine in a pure function, so CJK and
 * full-width characters count as one em and everything else as 0.6 em, which errs on the wide side.
 */
export function estimateTextWidth(s: string, fontSize: number): number {
  let ems = 0;
  for (const ch of String(s)) {
    const code = ch.codePointAt(0) ?? 0;
    ems += code >= 0x2e80 ? 1 : 0.6;
  }
  return ems * fontSize;
}

/** The text cut with an ellipsis so its estimated width fits; callers keep the full text in a tooltip. */
export function truncateText(s: string, maxWidth: number, fontSize: number): string {
  const text = String(s);
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && estimateTextWidth(`${chars.join('')}…`, fontSize) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}
