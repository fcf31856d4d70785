/** Checks an `Authorization: Bearer …` header against a token in constant time. */
import { timingSafeEqual } from 'node:crypto';

/** Whether `header` carries exactly `token` (false when no token is configured). */
export function hasBearerToken(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
