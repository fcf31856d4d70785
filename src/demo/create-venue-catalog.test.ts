import { describe, expect, it } from 'vitest';
import { VENUE_MIX, createVenueCatalog, venueCountFor } from './create-venue-catalog.ts';

const catalog = createVenueCatalog(200, 5000, 9);

describe('venue catalog', () => {
  it('sizes the venue count with the user base', () => {
    expect(venueCountFor(100)).toBe(30);
    expect(venueCountFor(2000)).toBe(134);
    expect(venueCountFor(1_000_000)).toBe(3000);
  });

  it('shares national demand among venues and gives each venue something to sell', () => {
    expect(catalog.venues.reduce((sum, v) => sum + v.share, 0)).toBeCloseTo(1, 6);
    for (const v of catalog.venues) {
      expect(v.tickets.length + v.goods.length).toBeGreaterThan(0);
      if (v.type === 'store' || v.type === 'mall') expect(v.tickets).toEqual([]);
      else expect(v.tickets.length).toBeGreaterThan(0);
      expect(v.capacityPerDay).toBeGreaterThanOrEqual(VENUE_MIX[v.type].minCapacity);
      expect(v.capacityPerHour).toBeLessThan(v.capacityPerDay);
    }
  });

  it('gives products unique ids that belong to their venues', () => {
    expect(new Set(catalog.products.map((p) => p.id)).size).toBe(catalog.products.length);
    for (const p of catalog.products) {
      const venue = catalog.venues[p.venueIndex];
      expect([...(venue?.tickets ?? []), ...(venue?.goods ?? [])]).toContain(p.index);
      expect(p.price).toBeGreaterThanOrEqual(0);
    }
  });
});
