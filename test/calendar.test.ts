/**
 * GET /api/v1/calendar says how far each year's holidays are known: official (the State Council's
 * notice), provisional (statutory days only) or unknown (weekends only), so a chart of 2028 does not
 * read as a year without holidays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-calendar-'));
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openDuckDbStore({ path: join(dir, 'calendar.duckdb'), timeZone: 'Asia/Shanghai' });
  app = createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test', log: () => undefined });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface CalendarAnswer {
  readonly days: { date: string; type: string }[];
  readonly years: { year: number; status: string; source?: string }[];
  readonly notes: string[];
}

async function calendar(from: string, to: string): Promise<CalendarAnswer> {
  const response = await app.request(`/api/v1/calendar?from=${from}&to=${to}`);
  expect(response.status).toBe(200);
  return (await response.json()) as CalendarAnswer;
}

describe('GET /api/v1/calendar', () => {
  it('marks a year beyond the holiday calendar as unknown, and says its days are weekends only', async () => {
    const answer = await calendar('2028-01-01', '2028-12-31');
    expect(answer.days.every((day) => day.type === 'weekend')).toBe(true);
    expect(answer.years).toEqual([{ year: 2028, status: 'unknown' }]);
    expect(answer.notes).toEqual(['the holiday calendar covers 2015–2027: 2028 has no holidays or make-up workdays here, only weekends']);
  });

  it('marks 2027 provisional, worded as the forecasts word it, next to an official 2026', async () => {
    const answer = await calendar('2026-12-01', '2027-12-31');
    expect(answer.years.map(({ year, status }) => ({ year, status }))).toEqual([
      { year: 2026, status: 'official' },
      { year: 2027, status: 'provisional' },
    ]);
    expect(answer.years[0]!.source).toBe('国务院办公厅关于2026年部分节假日安排的通知');
    expect(answer.notes).toHaveLength(1);
    expect(answer.notes[0]).toContain(
      "the 2027 holidays are provisional: the statutory days off only, the State Council's notice is not out yet",
    );
    expect(answer.days.some((day) => day.type === 'holiday' && day.date.startsWith('2027-'))).toBe(true);
  });

  it('has no notes for a range of official years', async () => {
    const answer = await calendar('2025-01-01', '2025-12-31');
    expect(answer.years).toMatchObject([{ year: 2025, status: 'official' }]);
    expect(answer.notes).toEqual([]);
  });

  it('is described in the OpenAPI document with the years and their status', async () => {
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { get: { responses: Record<string, { description: string }> } }>;
    };
    const described = document.paths['/api/v1/calendar']!.get.responses['200']!.description;
    for (const word of ['years', 'official', 'provisional', 'unknown']) expect(described).toContain(word);
  });
});
