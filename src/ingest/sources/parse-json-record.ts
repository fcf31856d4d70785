/**
 * JSON.parse for one record's text that reads integer literals too long for a double exactly, as
 * bigint (as the Parquet reader hands on its 64-bit integers): an 18–20-digit order number sent as a
 * JSON number must stay the id it is, not round to its neighbour's. A text field then keeps the
 * digits; a numeric field reads the number as before.
 */

/** Sixteen digits in a row: the shortest run that can hold an integer beyond 2^53. */
const LONG_DIGIT_RUN = /\d{16}/;
/**
 * A JSON string, matched whole so the digits inside it are skipped, or an integer literal of 16 or
 * more digits that stands alone (not the fraction or exponent of a number, no leading zero).
 */
const STRING_OR_LONG_INTEGER = /"[^"\\]*(?:\\[^][^"\\]*)*"|(?<![\w.+-])-?[1-9]\d{15,}(?![\w.])/g;
/** Marks a literal rewritten as a string; a NUL is refused in any text field, so no id holds it. */
const MARK = '\u0000';
const QUOTE = 0x22;

/** Parses one record's JSON text; throws JSON.parse's error (positions in the given text) when invalid. */
export function parseJsonRecord(text: string): unknown {
  // The cheap check keeps the common record on the plain path.
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  let marked: Set<string> | undefined;
  const rewritten = text.replace(STRING_OR_LONG_INTEGER, (token) => {
    if (token.charCodeAt(0) === QUOTE || Number.isSafeInteger(Number(token))) return token;
    (marked ??= new Set()).add(MARK + token);
    return `"\\u0000${token}"`; // MARK, escaped: a raw control character is no valid JSON
  });
  if (!marked) return JSON.parse(text);
  let value: unknown;
  try {
    value = JSON.parse(rewritten);
  } catch {
    // Report the error as found in the text the client sent.
    return JSON.parse(text);
  }
  return revive(value, marked);
}

function revive(value: unknown, marked: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return marked.has(value) ? BigInt(value.slice(MARK.length)) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], marked);
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) object[key] = revive(object[key], marked);
  return object;
}
