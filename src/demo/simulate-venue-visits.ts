/**
 * Daily visits of one venue drawn straight from the demo demand model and weather simulator, without
 * generating a whole data set: what forecast tests and the forecasting benchmark check estimates
 * against, since the truth is the model's own constants.
 */
import { fromDayNumber, toDayNumber } from '../domain/calendar/civil-date.ts';
import { holidayOn, type HolidayName } from '../domain/calendar/cn-holidays.ts';
import { CN_CITIES } from './cn-regions.ts';
import { createRng } from './create-rng.ts';
import { createWeatherSimulator, WEATHER_CONDITIONS } from './create-weather-simulator.ts';
import { calendarFactor, describeDemandDay, HOLIDAY_UPLIFT, holidayDayShape, weatherFactor, type DemandKind } from './demand-model.ts';

/** One venue's daily visits from `start` (a day number) and its city's weather by date. */
export interface SimulatedVenue {
  readonly start: number;
  readonly y: number[];
  readonly weather: Map<string, { condition: string; tempMax: number; precipitationMm: number }>;
}

/**
 * Visits of a venue of `kind` in `city` from `from` to `to`: the mean × calendar × weather factors of
 * the demand model, 8% day-to-day noise, Poisson counts. The same seed gives the same series.
 */
export function simulateVenueVisits(
  kind: DemandKind,
  meanVisits: number,
  city: string,
  seed: number,
  from: string,
  to: string,
): SimulatedVenue {
  const rng = createRng(seed, 0xf0ca);
  const simulator = createWeatherSimulator(seed);
  const cityIndex = CN_CITIES.findIndex((c) => c.city.name === city);
  if (cityIndex < 0) throw new RangeError(`no city ${city} in the demo regions`);
  const start = toDayNumber(from);
  const y: number[] = [];
  const weather: SimulatedVenue['weather'] = new Map();
  for (let day = start; day <= toDayNumber(to); day++) {
    const demandDay = describeDemandDay(day, start);
    simulator.step(demandDay);
    const condition = WEATHER_CONDITIONS[simulator.today.condition[cityIndex] as number] as string;
    const tempMax = simulator.today.tempMax[cityIndex] as number;
    weather.set(demandDay.date, { condition, tempMax, precipitationMm: simulator.today.precipitation[cityIndex] as number });
    const mean = meanVisits * calendarFactor(kind, demandDay) * weatherFactor(kind, condition, tempMax) * Math.exp(0.08 * rng.normal());
    y.push(rng.poisson(mean));
  }
  return { start, y, weather };
}

/** The model's factor per holiday over `days` days from `start`: geometric mean of uplift × day shape. */
export function trueHolidayFactors(kind: DemandKind, start: number, days: number): Record<string, number> {
  const logs = new Map<HolidayName, number[]>();
  for (let d = start; d < start + days; d++) {
    const h = holidayOn(fromDayNumber(d));
    if (!h) continue;
    const list = logs.get(h.holiday) ?? [];
    list.push(Math.log(HOLIDAY_UPLIFT[kind][h.holiday] * holidayDayShape(h.holiday, h.day, h.length)));
    logs.set(h.holiday, list);
  }
  return Object.fromEntries([...logs].map(([name, values]) => [name, Math.exp(values.reduce((a, b) => a + b, 0) / values.length)]));
}
