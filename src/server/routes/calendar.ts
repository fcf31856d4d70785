/** GET /api/v1/calendar?from=&to= — weekends, Chinese public holidays and make-up workdays in a range, for charts to mark. */
import { Hono } from 'hono';
import { calendarDays } from '../../domain/calendar/calendar-days.ts';
import { ApiError } from '../api-error.ts';

export function calendarRoutes(): Hono {
  return new Hono().get('/calendar', (c) => {
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    try {
      return c.json({ from, to, days: calendarDays(from, to) });
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError(400, 'invalid_parameter', error.message, { field: 'from' });
      throw error;
    }
  });
}
