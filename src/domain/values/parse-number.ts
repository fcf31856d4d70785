/**
 * Numbers as they appear in Chinese business exports: `¥1,234.50`, `￥88`, `1 234`, `12.5元`, `３`
 * (full-width digits). Failures are values with a reason.
 */
import type { ParseResult } from './parse-timestamp.ts';

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D]/g;
const CURRENCY = /^[¥￥$]|元$|RMB|CNY/gi;
const PLAIN = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Parses a decimal amount, allowing currency signs and thousands separators. */
export function parseDecimal(input: unknown): ParseResult<number> {
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'not a finite number' };
  if (typeof input === 'bigint') return { ok: true, value: Number(input) };
  if (typeof input !== 'string') return { ok: false, reason: 'not a number' };
  let text = input.trim();
  if (!PLAIN.test(text)) {
    text = toHalfWidth(text).replace(CURRENCY, '').trim();
    if (/^-?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$/.test(text)) text = text.replace(/[, ]/g, '');
    if (!PLAIN.test(text)) return { ok: false, reason: 'not a number' };
  }
  const value = Number(text);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'not a finite number' };
}

/** Parses a whole number (`3`, `3.0`, `1,200`); fractions are refused. */
export function parseInteger(input: unknown): ParseResult<number> {
  const parsed = parseDecimal(input);
  if (!parsed.ok) return { ok: false, reason: 'not a whole number' };
  if (!Number.isInteger(parsed.value)) return { ok: false, reason: 'not a whole number' };
  if (!Number.isSafeInteger(parsed.value)) return { ok: false, reason: 'number too large' };
  return parsed;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', '是', '已取消', '取消', '对', '真']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', '否', '未取消', '不是', '假']);

/** Parses yes/no in English or Chinese (是/否), or 1/0. */
export function parseBoolean(input: unknown): ParseResult<boolean> {
  if (typeof input === 'boolean') return { ok: true, value: input };
  if (typeof input === 'number') {
    if (input === 1 || input === 0) return { ok: true, value: input === 1 };
    return { ok: false, reason: 'not a yes/no value' };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'not a yes/no value' };
  const word = input.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, reason: 'not a yes/no value' };
}
