import { describe, expect, it } from 'vitest';
import { defaultGrain, hasProfileFilters, homeDraftRules, profileFilterParams } from './profile-filters.ts';

const filters = { from: '2026-01-01', to: '2026-01-31' };

describe('profile filters', () => {
  it("filters profiles by the users' home province and city and the segment, never by venue or channel", () => {
    expect(profileFilterParams({ ...filters, province: '广东', city: '深圳', venue: 'V1', channel: 'app', segment: 's1' })).toEqual({
      segment: 's1',
      where: ['province=广东', 'city=深圳'],
    });
    expect(profileFilterParams(filters)).toEqual({ segment: undefined, where: [] });
    expect(hasProfileFilters({ ...filters, venue: 'V1', channel: 'app' })).toBe(false);
    expect(hasProfileFilters({ ...filters, segment: 's1' })).toBe(true);
  });

  it('turns the home filters into builder rows', () => {
    expect(homeDraftRules({ province: '广东' })).toEqual([{ field: 'province', op: 'in', values: ['广东'] }]);
  });

  it('follows lifecycles by week up to four months and by month beyond', () => {
    expect(defaultGrain(30)).toBe('week');
    expect(defaultGrain(120)).toBe('week');
    expect(defaultGrain(121)).toBe('month');
  });
});
