/** Checks an `Authorization: Bearer …` header against a token in constant time. */
import { timingSafeEqual } from 'node:crypto';

/** The scheme is case-insensitive (RFC 7235 §2.1): `bearer`, `Bearer` and `BEARER` all name it. */
const BEARER = /^bearer +(\S+) *$/i;

/** Whether `header` carries exactly `token` (false when no token is configured). */
export function hasBearerToken(header: string | undefined, token: string | undefined): boolean {
  const given = token ? BEARER.exec(header ?? '')?.[1] : undefined;
  if (!token || given === undefined) return false;
  const givenBytes = Buffer.from(given);
  const expected = Buffer.from(token);
  return givenBytes.length === expected.length && timingSafeEqual(givenBytes, expected);
}
