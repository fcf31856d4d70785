import { describe, expect, it } from 'vitest';
import { calendarDays } from './calendar-days.ts';

describe('calendar days', () => {
  it('marks the 2025 National Day golden week, its make-up workdays and the weekends around it', () => {
    const days = calendarDays('2025-09-27', '2025-10-12');
    const byDate = new Map(days.map((day) => [day.date, day]));
    // State Council notice for 2025: 10月1日至8日放假调休，共8天；9月28日（周日）、10月11日（周六）上班。
    expect(byDate.get('2025-09-28')).toMatchObject({ type: 'makeup_workday', holiday: 'national_day' });
    expect(byDate.get('2025-10-11')).toMatchObject({ type: 'makeup_workday', holiday: 'national_day' });
    expect(byDate.get('2025-10-01')).toMatchObject({ type: 'holiday', holidayDay: 1, holidayLength: 8 });
    expect(byDate.get('2025-10-08')).toMatchObject({ type: 'holiday', holidayDay: 8 });
    expect(byDate.get('2025-09-27')).toMatchObject({ type: 'weekend' });
    expect(byDate.get('2025-10-12')).toMatchObject({ type: 'weekend' });
    expect(byDate.has('2025-10-09')).toBe(false); // an ordinary Thursday
  });

  it('refuses malformed dates and ranges longer than it answers', () => {
    expect(() => calendarDays('2025-1-1', '2025-02-01')).toThrow(/YYYY-MM-DD/);
    expect(() => calendarDays('2020-01-01', '2025-01-01')).toThrow(/at most/);
  });
});
