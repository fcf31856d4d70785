import { describe, expect, it } from 'vitest';
import { hasBearerToken } from './bearer-token.ts';

describe('hasBearerToken', () => {
  it('takes the scheme name in any case, as RFC 7235 has it', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEARER']) expect(hasBearerToken(`${scheme} s3cret`, 's3cret'), scheme).toBe(true);
  });

  it('refuses another token, another scheme, a missing token and an unset one', () => {
    expect(hasBearerToken('Bearer s3cre', 's3cret')).toBe(false);
    expect(hasBearerToken('Bearer s3cret2', 's3cret')).toBe(false);
    expect(hasBearerToken('Basic s3cret', 's3cret')).toBe(false);
    expect(hasBearerToken('Bearers3cret', 's3cret')).toBe(false);
    expect(hasBearerToken('Bearer ', 's3cret')).toBe(false);
    expect(hasBearerToken(undefined, 's3cret')).toBe(false);
    expect(hasBearerToken('Bearer s3cret', undefined)).toBe(false);
    expect(hasBearerToken('Bearer ', '')).toBe(false);
  });
});
