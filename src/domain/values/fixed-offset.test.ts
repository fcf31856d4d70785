import { describe, expect, it } from 'vitest';
import { fixedOffsetMinutes, zoneResolver } from './parse-timestamp.ts';

describe('fixedOffsetMinutes', () => {
  it('finds China on UTC+8 since its daylight saving ended in 1991', () => {
    const fixed = fixedOffsetMinutes('Asia/Shanghai')!;
    expect(fixed.minutes).toBe(480);
    expect(new Date(fixed.since).getUTCFullYear()).toBe(1991);
    // Summer 1991 still had daylight saving: the fixed offset must not claim it.
    expect(zoneResolver('Asia/Shanghai')(Date.UTC(1991, 6, 1, 12)) < fixed.since).toBe(true);
  });

  it('finds none for zones with daylight saving', () => {
    expect(fixedOffsetMinutes('America/Los_Angeles')).toBeNull();
    expect(fixedOffsetMinutes('Europe/Berlin')).toBeNull();
  });

  it('keeps half-hour offsets', () => {
    expect(fixedOffsetMinutes('Asia/Kolkata')?.minutes).toBe(330);
  });
});
