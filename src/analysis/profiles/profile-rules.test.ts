import { describe, expect, it } from 'vitest';
import {
  LIFECYCLE_RULES,
  LIFECYCLE_STAGES,
  PROFILE_LABELS,
  RFM_SEGMENT_RULES,
  RFM_SEGMENTS,
  rfmSegmentOf,
  type RfmSegment,
} from './profile-rules.ts';

/** The segment table of the module's doc comment, written out as conditions, first match wins. */
function documentedSegment(r: number, f: number, m: number): RfmSegment {
  if (r <= 2 && f >= 4 && m >= 4) return 'cant_lose';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r >= 4 && f >= 4) return 'champions';
  if (r >= 3 && f >= 3) return 'loyal';
  if (r >= 4 && f === 1) return 'new';
  if (r >= 3 && f <= 3) return 'potential';
  if (r === 2) return 'hibernating';
  return 'lost';
}

const SCORES = [1, 2, 3, 4, 5];
const ALL = SCORES.flatMap((r) => SCORES.flatMap((f) => SCORES.map((m) => [r, f, m] as const)));

describe('rfmSegmentOf', () => {
  it('gives every one of the 125 score combinations the segment the documented table gives it', () => {
    expect(ALL).toHaveLength(125);
    for (const [r, f, m] of ALL) expect(rfmSegmentOf(r, f, m), `(${r}, ${f}, ${m})`).toBe(documentedSegment(r, f, m));
  });

  it.each<[number, number, number, RfmSegment]>([
    [1, 5, 5, 'cant_lose'],
    [2, 4, 4, 'cant_lose'],
    [2, 3, 1, 'at_risk'],
    [1, 5, 3, 'at_risk'],
    [5, 5, 1, 'champions'],
    [4, 4, 4, 'champions'],
    [3, 3, 3, 'loyal'],
    [3, 5, 5, 'loyal'],
    [5, 1, 1, 'new'],
    [4, 1, 5, 'new'],
    [4, 2, 2, 'potential'],
    [3, 1, 1, 'potential'],
    [5, 2, 5, 'potential'],
    [2, 1, 1, 'hibernating'],
    [2, 2, 5, 'hibernating'],
    [1, 1, 1, 'lost'],
    [1, 2, 5, 'lost'],
  ])('puts scores (%i, %i, %i) in %s', (r, f, m, segment) => {
    expect(rfmSegmentOf(r, f, m)).toBe(segment);
  });

  it('reaches every segment', () => {
    const reached = new Set(ALL.map(([r, f, m]) => rfmSegmentOf(r, f, m)));
    expect([...reached].sort()).toEqual([...RFM_SEGMENTS].sort());
  });

  it('uses the monetary score only to tell can’t-lose buyers from those at risk', () => {
    for (const [r, f] of SCORES.flatMap((r) => SCORES.map((f) => [r, f] as const))) {
      const segments = new Set(SCORES.map((m) => rfmSegmentOf(r, f, m)));
      if (r <= 2 && f >= 4) expect([...segments].sort()).toEqual(['at_risk', 'cant_lose']);
      else expect(segments.size).toBe(1);
    }
  });

  it('refuses scores outside 1–5 with a RangeError', () => {
    for (const [r, f, m] of [
      [0, 3, 3],
      [6, 1, 1],
      [3, 0, 3],
      [5, 6, 1],
      [4, 7, 3],
      [2.5, 3, 3],
      [NaN, 1, 1],
    ] as const) {
      expect(() => rfmSegmentOf(r, f, m), `(${r}, ${f}, ${m})`).toThrow(RangeError);
    }
    expect(() => rfmSegmentOf(0, 0, 0)).toThrow('RFM scores must be whole numbers 1-5, got 0, 0, 0');
  });
});

describe('RFM_SEGMENT_RULES', () => {
  it('lists the segments in the documented order, each once', () => {
    expect(RFM_SEGMENT_RULES.map((rule) => rule.segment)).toEqual([...RFM_SEGMENTS]);
  });

  it('keeps every range within the scores 1–5, low end first', () => {
    for (const rule of RFM_SEGMENT_RULES) {
      for (const range of [rule.r, rule.f, rule.m]) {
        if (range === undefined) continue;
        expect(range[0]).toBeGreaterThanOrEqual(1);
        expect(range[1]).toBeLessThanOrEqual(5);
        expect(range[0]).toBeLessThanOrEqual(range[1]);
      }
    }
  });
});

describe('lifecycle constants', () => {
  it('keep the documented windows: new and active within 30 days, churned after 90, growing over 90 days with 2 purchases', () => {
    expect(LIFECYCLE_RULES).toEqual({
      newDays: 30,
      activeDays: 30,
      churnedAfterDays: 90,
      growingWindowDays: 90,
      growingMinPurchases: 2,
      noActivityStage: 'registered',
    });
    expect(LIFECYCLE_STAGES).toContain(LIFECYCLE_RULES.noActivityStage);
  });
});

describe('PROFILE_LABELS', () => {
  it('labels every segment and stage in Chinese and English', () => {
    const names = [...RFM_SEGMENTS, ...LIFECYCLE_STAGES];
    expect(Object.keys(PROFILE_LABELS).sort()).toEqual([...new Set(names)].sort());
    for (const name of names) {
      expect(PROFILE_LABELS[name].zh).not.toBe('');
      expect(PROFILE_LABELS[name].en).not.toBe('');
    }
  });
});
