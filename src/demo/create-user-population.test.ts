import { describe, expect, it } from 'vitest';
import { createRng } from './create-rng.ts';
import {
  LIFECYCLE_MODEL,
  LIFECYCLE_STAGES,
  NEVER_DAY,
  activityMassByDay,
  createUserPopulation,
  lifecycleDay,
  lifecycleStageAt,
  stageWeightAt,
} from './create-user-population.ts';

const users = createUserPopulation(3000, 400, 5);

describe('user population', () => {
  it('is the same for the same seed', () => {
    const again = createUserPopulation(3000, 400, 5);
    expect(again.lifecycle).toEqual(users.lifecycle);
    expect(again.cityIndex).toEqual(users.cityIndex);
    expect(createUserPopulation(3000, 400, 6).lifecycle).not.toEqual(users.lifecycle);
  });

  it('moves every user through new, active, lapsing and churned in that order, maybe returning', () => {
    const order = new Map(LIFECYCLE_STAGES.map((s, i) => [s, i]));
    for (let u = 0; u < 300; u++) {
      const activated = lifecycleDay(users, u, 'activated');
      if (activated === NEVER_DAY) continue;
      expect(lifecycleStageAt(users, u, activated - 1)).toBeUndefined();
      expect(lifecycleStageAt(users, u, activated)).toBe('new');
      let previous = 0;
      let returned = false;
      for (let day = activated; day < activated + 3000; day += 7) {
        const stage = lifecycleStageAt(users, u, day) as (typeof LIFECYCLE_STAGES)[number];
        if (stage === 'returning') returned = true;
        const rank = order.get(stage) ?? 0;
        if (!returned) expect(rank).toBeGreaterThanOrEqual(previous);
        previous = Math.max(previous, rank);
      }
    }
  });

  it('churns and returns users at roughly the configured rates', () => {
    let churned = 0;
    let returning = 0;
    let established = 0;
    for (let u = 0; u < users.size; u++) {
      const activated = lifecycleDay(users, u, 'activated');
      if (activated === NEVER_DAY) continue;
      established++;
      if (lifecycleDay(users, u, 'churn') - activated - LIFECYCLE_MODEL.newDays < 30) churned++;
      if (lifecycleDay(users, u, 'back') !== NEVER_DAY) returning++;
    }
    expect(churned / established).toBeCloseTo(1 - Math.exp(-LIFECYCLE_MODEL.monthlyChurnRate), 1);
    expect(returning / established).toBeCloseTo(LIFECYCLE_MODEL.returnProbability, 1);
  });

  it('sums activity × stage weight per day into the demand mass', () => {
    const mass = activityMassByDay(users, 400);
    for (const day of [0, 123, 399]) {
      let expected = 0;
      for (let u = 0; u < users.size; u++) expected += (users.activity[u] as number) * stageWeightAt(users, u, day);
      expect(mass[day]).toBeCloseTo(expected, 6);
    }
  });

  it('draws users of the requested province from its table', () => {
    const rng = createRng(3);
    const province = users.provinceIndex[0] as number;
    const table = users.byProvince[province];
    for (let i = 0; i < 200; i++) expect(users.provinceIndex[table?.sample(rng) ?? -1]).toBe(province);
  });
});
