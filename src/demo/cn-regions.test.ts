import { describe, expect, it } from 'vitest';
import { CN_CITIES, CN_PROVINCES, cityPopulationWeights } from './cn-regions.ts';

describe('Chinese regions table', () => {
  it('lists the 31 mainland provinces plus Hong Kong, Macao and Taiwan under short names', () => {
    expect(CN_PROVINCES).toHaveLength(34);
    expect(new Set(CN_PROVINCES.map((p) => p.name)).size).toBe(34);
    for (const p of CN_PROVINCES) {
      expect(p.name).not.toMatch(/(省|市|自治区|特别行政区)$/);
      expect(p.fullName.startsWith(p.name)).toBe(true);
      expect(p.cities.length).toBeGreaterThan(0);
    }
    expect(CN_PROVINCES.find((p) => p.name === '广东')?.cities[0]?.name).toBe('广州');
  });

  it('weights cities so each province carries its census population', () => {
    const weights = cityPopulationWeights();
    const total = weights.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(
      CN_PROVINCES.reduce((sum, p) => sum + p.population, 0),
      3,
    );
    const guangdong = CN_CITIES.filter((c) => c.province.name === '广东').reduce((sum, c) => sum + (weights[c.index] ?? 0), 0);
    expect(guangdong).toBeCloseTo(126.01, 2);
    for (const c of CN_CITIES) {
      expect(c.city.latitude).toBeGreaterThan(17);
      expect(c.city.latitude).toBeLessThan(54);
      expect(c.city.longitude).toBeGreaterThan(73);
      expect(c.city.longitude).toBeLessThan(136);
      expect(c.city.districts.length).toBeGreaterThan(0);
    }
  });
});
