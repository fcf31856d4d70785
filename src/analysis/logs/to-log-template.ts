/**
 * Log templates: a message with its variable parts (ids, numbers, addresses, paths, times, quoted
 * text) replaced by typed placeholders, so `订单 12345 支付失败` and `订单 67890 支付失败` count as one
 * kind of line. Rules run from the most specific shape to the most generic, and each later rule only
 * sees what earlier ones left, so a number inside a path or an IP address is never masked twice.
 * Text in Chinese (or any non-ASCII script) is never rewritten except where it is part of a quoted
 * string or a slash-joined value such as `广东/广州`, which vary like paths.
 */

/** The placeholders a template can contain, most specific first. */
export const LOG_PLACEHOLDERS = [
  '<str>',
  '<url>',
  '<email>',
  '<uuid>',
  '<time>',
  '<ip>',
  '<path>',
  '<duration>',
  '<size>',
  '<id>',
  '<num>',
] as const;

// Characters a path (or URL) may run over; brackets, quotes and separators end it so that
// `(/data/mysql)` or `path=/x,` keep their punctuation.
const PATH_CHARS = `[^\\s"'<>()\\[\\]{},;]`;
// Punctuation that ends a sentence rather than a path: `saved to /tmp/x.` keeps the full stop.
const TRAILING_PUNCTUATION = /[.,:;!?]+$/;

const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\.)*"/g;
// A single quote opens a string only when it does not follow a letter, so `can't` is left alone.
const SINGLE_QUOTED = /(?<!\w)'(?:[^'\\\n]|\\.)*'(?!\w)/g;
const OTHER_QUOTED = /“[^”\n]*”|`[^`\n]*`/g;
const URL = /(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>]+/g;
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?![\w-])/g;
const UUID = /(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/g;
// ISO and Chinese-style dates with an optional time and zone, and bare clock times `13:04:05.123`.
const DATE_TIME = /(?<![\w.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w])/g;
const CLOCK_TIME = /(?<![\w:.])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\w:])/g;
const MAC = /(?<![\w:-])[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])/g;
// Candidates only: the replacer checks the group structure, so `a:b:c` or `Foo::bar` survive.
const IPV6_BRACKETED = /\[([0-9A-Fa-f:.]+(?:%\w+)?)\](?::\d{1,5})?(?![\w])/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%\w+)?(?![\w:]|\.\d)/g;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?::\\d{1,5})?(?!\\.?\\w)`, 'g');
const WINDOWS_PATH = /(?<![\w])(?:[A-Za-z]:\\|\\\\[\w.$-]+\\)[^\s"'<>|,;]*/g;
const ABSOLUTE_PATH = new RegExp(`(?<=^|[\\s(\\[{=,;:'"])(?:~|\\.{1,2})?/(?=[^\\s/"'<>()\\[\\]{},;])${PATH_CHARS}*`, 'g');
// Any remaining slash-joined word run (`src/app.ts`, `广东/广州`); vetted by isRelativePath.
const RELATIVE_PATH_CANDIDATE = /(?<=^|[\s([{=,;:'"])[^\s"'<>()[\]{},;=/]+(?:\/[^\s"'<>()[\]{},;=/]*)+/g;
const NUMBER_PART = String.raw`\d+(?:\.\d+)?`;
const SHORT_UNIT = '(?:ns|us|µs|μs|ms|s|m|h|d)';
const LONG_UNIT = '(?:msecs?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?)';
// `153ms`, `2.5s`, `1h30m`, `3 seconds`, `-5ms`; not a tail of a dashed name such as `pod-7f3d`.
const DURATION = new RegExp(`(?<![\\w-])(?<!\\d\\.)-?(?:${NUMBER_PART} ?${LONG_UNIT}|(?:${NUMBER_PART}${SHORT_UNIT})+)(?![\\w])`, 'g');
const SIZE = new RegExp(`(?<![\\w-])(?<!\\d\\.)${NUMBER_PART}(?: ?(?:[KMGTPkmgtp]i?[Bb]|bytes)|B)(?![\\w])`, 'g');
// A word run of ASCII letters, digits and `_`, joined by `.` or `-`; a leading minus belongs to it
// only when it cannot be a joiner or a dash (`-5`, `=-0.3`, not `a-5` or `x - 5`).
const TOKEN = /(?:(?<![\w.)\]>-])-(?=\d))?(?<![\w])[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*/g;

/** The template of one log message: variable parts masked, whitespace collapsed. */
export function toLogTemplate(message: string): string {
  let text = message;
  text = text.replace(DOUBLE_QUOTED, '<str>').replace(SINGLE_QUOTED, '<str>').replace(OTHER_QUOTED, '<str>');
  text = text.replace(URL, (match) => keepTrailing(match, '<url>', /[.,:;!?)\]]+$/));
  text = text.replace(EMAIL, '<email>');
  text = text.replace(UUID, '<uuid>');
  text = text.replace(DATE_TIME, '<time>').replace(CLOCK_TIME, '<time>');
  text = text.replace(MAC, '<id>');
  text = text.replace(IPV6_BRACKETED, (match, core: string) => (isIpv6(core) ? '<ip>' : match));
  text = text.replace(IPV6, (match) => (isIpv6(match) ? '<ip>' : match));
  text = text.replace(IPV4, '<ip>');
  text = text.replace(WINDOWS_PATH, (match) => keepTrailing(match, '<path>'));
  text = text.replace(ABSOLUTE_PATH, (match) => keepTrailing(match, '<path>'));
  text = text.replace(RELATIVE_PATH_CANDIDATE, (match) => {
    const [body, trailing] = splitTrailing(match);
    return isRelativePath(body) ? `<path>${trailing}` : match;
  });
  text = text.replace(DURATION, (match) => (isDuration(match) ? '<duration>' : match)).replace(SIZE, '<size>');
  text = text.replace(TOKEN, maskToken);
  return text.replace(/\s+/g, ' ').trim();
}

function splitTrailing(match: string, trailing: RegExp = TRAILING_PUNCTUATION): [string, string] {
  const tail = trailing.exec(match)?.[0] ?? '';
  return [match.slice(0, match.length - tail.length), tail];
}

function keepTrailing(match: string, placeholder: string, trailing?: RegExp): string {
  const [body, tail] = splitTrailing(match, trailing);
  return body.length > 0 ? placeholder + tail : match;
}

/** Numbers stay `<num>` unless they are too long to be a quantity; anything mixing letters and digits is an id. */
function maskToken(token: string): string {
  const negative = token.startsWith('-');
  const body = negative ? token.slice(1) : token;
  const hasDigit = /\d/.test(body);
  const hasLetter = /[A-Za-z]/.test(body);
  if (hasDigit && !hasLetter) {
    // Ten or more digits in one run is an order number, phone or epoch time, not an amount.
    return /^\d{10,}$/.test(body) ? '<id>' : '<num>';
  }
  if (hasDigit && hasLetter) return negative ? '-<id>' : '<id>';
  // A long hex string with no digit in it is still a hash or trace id.
  if (/^[a-fA-F]{12,}$/.test(body)) return negative ? '-<id>' : '<id>';
  return token;
}

const UNIT_RANK: Readonly<Record<string, number>> = { d: 0, h: 1, m: 2, s: 3, ms: 4, us: 5, µs: 5, μs: 5, ns: 6 };

/**
 * Hex ids end in `d` often enough to pass for durations (`167d7d`, `9789629d`): a compound duration
 * must run from larger to smaller units, and day, hour and minute counts stay under five digits.
 */
function isDuration(match: string): boolean {
  const parts = [...match.matchAll(/(\d+)(?:\.\d+)?([a-zµμ]+)/g)];
  if (parts.length > 1) {
    const ranks = parts.map((p) => UNIT_RANK[p[2] ?? ''] ?? -1);
    if (ranks.some((rank, i) => rank < 0 || (i > 0 && rank <= (ranks[i - 1] ?? -1)))) return false;
  }
  return parts.every((p) => !['d', 'h', 'm'].includes(p[2] ?? '') || (p[1] ?? '').length <= 4);
}

/** A relative path has at least two segments of two or more characters and is not a ratio or `HTTP/1.1`. */
function isRelativePath(token: string): boolean {
  if (token.includes('<') || token.includes('://')) return false;
  const segments = token.split('/');
  if (segments[segments.length - 1] === '') segments.pop();
  if (segments.length < 2) return false;
  if (segments.some((s) => [...s].length < 2)) return false;
  // Fractions and dates (`2/3`, `2024/01/05`) are numbers, not paths.
  if (segments.every((s) => /^[\d.,:%+-]+$/.test(s))) return false;
  // Protocol and version pairs: `HTTP/1.1`, `TLS/1.3`, `Mozilla/5.0`.
  if (segments.length === 2 && /^[A-Za-z][\w-]*$/.test(segments[0] ?? '') && /^\d+(?:\.\d+)*$/.test(segments[1] ?? '')) return false;
  return true;
}

/** Checks an IPv6 candidate group by group: eight groups, or fewer around one `::`. */
function isIpv6(candidate: string): boolean {
  const address = candidate.replace(/%\w+$/, '');
  const compressed = address.split('::').length - 1;
  if (compressed > 1 || address.includes(':::')) return false;
  let groups = address.split(':');
  let limit = 8;
  const last = groups[groups.length - 1] ?? '';
  if (last.includes('.')) {
    if (!/^(?:\d{1,3}\.){3}\d{1,3}$/.test(last)) return false;
    groups = groups.slice(0, -1);
    limit = 6;
  }
  const filled = groups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (compressed === 0) return filled.length === limit && groups.length === limit;
  // A single leading or trailing colon is only legal as part of the `::`.
  if ((address.startsWith(':') && !address.startsWith('::')) || (address.endsWith(':') && !address.endsWith('::'))) return false;
  return filled.length < limit;
}
