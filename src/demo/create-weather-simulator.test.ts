import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../domain/calendar/civil-date.ts';
import { CN_CITIES } from './cn-regions.ts';
import { WEATHER_CONDITIONS, createWeatherSimulator } from './create-weather-simulator.ts';
import { describeDemandDay } from './demand-model.ts';

function simulateYear(seed: number) {
  const sim = createWeatherSimulator(seed);
  const first = toDayNumber('2024-01-01');
  const days: { month: number; tempMax: number[]; tempMin: number[]; precipitation: number[]; condition: string[] }[] = [];
  for (let d = 0; d < 366; d++) {
    const day = describeDemandDay(first + d, first);
    sim.step(day);
    days.push({
      month: Number(day.date.slice(5, 7)),
      tempMax: [...sim.today.tempMax],
      tempMin: [...sim.today.tempMin],
      precipitation: [...sim.today.precipitation],
      condition: [...sim.today.condition].map((c) => WEATHER_CONDITIONS[c] as string),
    });
  }
  return days;
}

const cityIndex = (name: string) => CN_CITIES.find((c) => c.city.name === name)?.index ?? -1;
const year = simulateYear(1);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('weather simulator', () => {
  it('repeats the same weather for the same seed', () => {
    const again = simulateYear(1);
    expect(again[200]).toEqual(year[200]);
    expect(simulateYear(2)[200]).not.toEqual(year[200]);
  });

  it('makes Harbin winters freezing and snowy and Guangzhou summers hot', () => {
    const harbin = cityIndex('哈尔滨');
    const guangzhou = cityIndex('广州');
    const january = year.filter((d) => d.month === 1);
    const july = year.filter((d) => d.month === 7);
    expect(mean(january.map((d) => d.tempMax[harbin] as number))).toBeLessThan(-5);
    expect(january.some((d) => d.condition[harbin] === 'snow')).toBe(true);
    expect(january.every((d) => d.condition[harbin] !== 'rain')).toBe(true);
    expect(mean(july.map((d) => d.tempMax[guangzhou] as number))).toBeGreaterThan(30);
  });

  it('rains more in summer than in winter where the monsoon rules', () => {
    const guangzhou = cityIndex('广州');
    const wet = (month: number) =>
      year.filter((d) => d.month === month && (d.condition[guangzhou] === 'rain' || d.condition[guangzhou] === 'heavy_rain')).length;
    expect(wet(6) + wet(7)).toBeGreaterThan(2 * (wet(12) + wet(1)));
  });

  it('keeps every reading consistent: max above min, precipitation only when it rains or snows', () => {
    const problems: string[] = [];
    for (const day of year) {
      for (let i = 0; i < CN_CITIES.length; i++) {
        if ((day.tempMax[i] as number) < (day.tempMin[i] as number)) problems.push(`max below min in city ${i}`);
        const wet = ['rain', 'heavy_rain', 'snow'].includes(day.condition[i] as string);
        if ((day.precipitation[i] as number) > 0 !== wet) problems.push(`${day.condition[i]} with ${day.precipitation[i]} mm in city ${i}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
