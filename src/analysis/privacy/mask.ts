/**
 * Masking of personal data before it leaves the server in feeds that anyone on the dashboard sees
 * (the live feed's latest records). Masks keep just enough to tell records apart, never enough to
 * identify or contact a person.
 */

const MASK = '*';

/** Keeps `head` and `tail` characters of `value` (by code point) and stars the rest. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  return chars.map((char, index) => (index < head || index >= chars.length - tail ? char : MASK)).join('');
}

/**
 * A user id with its middle masked: the first 2 and last 2 characters stay (`U123456` → `U1***56`).
 * Shorter ids keep less, so at least a third of an id is always hidden (`U123` → `U**3`, `U1` → `**`).
 */
export function maskId(id: string | null | undefined): string | null {
  if (id === null || id === undefined || id === '') return null;
  const length = [...id].length;
  const keep = length >= 6 ? 2 : length >= 3 ? 1 : 0;
  return keepEnds(id, keep, keep);
}

/**
 * A phone number as Chinese apps show it: the first 3 and last 4 digits of a mobile number
 * (`13812345678` → `138****5678`, a `+86` prefix kept as is); other numbers keep only their last 2 digits.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const compact = phone.replace(/[\s-]/g, '');
  if (compact === '') return null;
  const mobile = /^(\+?86)?(1\d{10})$/.exec(compact);
  if (mobile) return `${mobile[1] ?? ''}${keepEnds(mobile[2]!, 3, 4)}`;
  const length = [...compact].length;
  return keepEnds(compact, 0, length > 4 ? 2 : 0);
}

// Province-level names end in 省, 自治区 or 特别行政区; city-level in 市, 自治州, 地区 or 盟. A part
// may not itself contain 省, 市, 区 or 县, so a street name further on is never taken for a region.
const REGION = /^\s*([^省市区县\s\d]{2,7}(?:省|自治区|特别行政区))?\s*([^省市区县\s\d]{2,10}?(?:市|自治州|地区|盟))?/u;

/**
 * Only the region of an address: its province and city (`广东省广州市天河区体育西路1号` → `广东省广州市`,
 * `北京市朝阳区…` → `北京市`). Null when no region can be recognised, so nothing finer ever leaks.
 */
export function maskAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const match = REGION.exec(address);
  const region = `${match?.[1] ?? ''}${match?.[2] ?? ''}`;
  return region === '' ? null : region;
}
