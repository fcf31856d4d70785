/**
 * Daily weather for every city of the region table: a seasonal temperature curve per province with
 * a persistent anomaly, and wet spells from a two-state Markov chain whose odds follow the monsoon.
 * Deterministic for a seed when days are stepped in order.
 */
import { CN_CITIES } from './cn-regions.ts';
import { createRng } from './create-rng.ts';
import type { DemandDay } from './demand-model.ts';

export const WEATHER_CONDITIONS = ['sunny', 'cloudy', 'overcast', 'rain', 'heavy_rain', 'snow', 'fog', 'haze'] as const;
export type WeatherCondition = (typeof WEATHER_CONDITIONS)[number];

/** Precipitation (mm) at or above which rain is reported as heavy rain (大雨). */
export const HEAVY_RAIN_MM = 25;

/** Today's weather by city index (CN_CITIES order). */
export interface CityWeatherToday {
  readonly tempMax: Float64Array;
  readonly tempMin: Float64Array;
  readonly precipitation: Float64Array;
  /** Index into WEATHER_CONDITIONS. */
  readonly condition: Uint8Array;
}

export interface WeatherSimulator {
  readonly today: CityWeatherToday;
  /** Advances every city to the given day; call once per day, in date order. */
  step(day: DemandDay): void;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Creates the simulator; its random stream depends only on the seed. */
export function createWeatherSimulator(seed: number): WeatherSimulator {
  const rng = createRng(seed, 0x3ea7);
  const n = CN_CITIES.length;
  const today: CityWeatherToday = {
    tempMax: new Float64Array(n),
    tempMin: new Float64Array(n),
    precipitation: new Float64Array(n),
    condition: new Uint8Array(n),
  };
  const anomaly = new Float64Array(n);
  const wet = new Uint8Array(n);
  // Cities north of their province's first listed city are a little colder (~0.6 °C per degree).
  const offset = CN_CITIES.map(({ province, city }) => -0.6 * (city.latitude - (province.cities[0]?.latitude ?? city.latitude)));

  return {
    today,
    step(day) {
      const seasonal = Math.cos((2 * Math.PI * (day.dayOfYear - 15)) / 365.25);
      const summer = Math.cos((2 * Math.PI * (day.dayOfYear - 196)) / 365.25);
      const winter = summer < -0.3;
      for (let i = 0; i < n; i++) {
        const { province } = CN_CITIES[i] as (typeof CN_CITIES)[number];
        const climate = province.climate;
        anomaly[i] = 0.75 * (anomaly[i] as number) + 1.8 * rng.normal();
        const mean = climate.meanTemp - climate.amplitude * seasonal + (offset[i] as number) + (anomaly[i] as number);
        const base = Math.min(0.85, climate.rainDays * (1 + climate.monsoon * summer));
        const p = wet[i] ? Math.min(0.9, base + 0.3) : base * 0.75;
        const raining = rng.chance(p);
        wet[i] = raining ? 1 : 0;
        let condition: WeatherCondition;
        let precipitation = 0;
        let range = climate.hazy ? 11 : 8;
        if (raining) {
          range = 5;
          precipitation = rng.exponential(3 + 9 * climate.monsoon * Math.max(0, summer) + 3 * Math.max(0, summer));
          if (mean < 0.5) {
            condition = 'snow';
            // Water equivalent of snow is small; a wet day still records at least 0.1 mm.
            precipitation = Math.max(0.1, precipitation * 0.4);
          } else {
            precipitation = Math.max(0.1, precipitation);
            condition = precipitation >= HEAVY_RAIN_MM ? 'heavy_rain' : 'rain';
          }
        } else {
          const r = rng.next();
          if (winter && climate.hazy && r < 0.14) condition = 'haze';
          else if (r >= 0.14 && r < 0.17) condition = 'fog';
          else if (r < 0.45) condition = 'overcast';
          else if (r < 0.7) condition = 'cloudy';
          else condition = 'sunny';
          if (condition === 'fog') range = 6;
          if (condition === 'sunny') range += 2;
        }
        today.tempMax[i] = round1(mean + range / 2);
        today.tempMin[i] = round1(mean - range / 2);
        today.precipitation[i] = round1(precipitation);
        today.condition[i] = WEATHER_CONDITIONS.indexOf(condition);
      }
    },
  };
}
