/** GET /api/v1/calendar?from=&to= — weekends, Chinese public holidays and make-up workdays in a range, for charts to mark. */
import { Hono } from 'hono';
import { calendarDays, MAX_CALENDAR_DAYS } from '../../domain/calendar/calendar-days.ts';
import { parsePeriod, QueryError } from '../../analysis/metrics/metric-query.ts';
import { ApiError } from '../api-error.ts';

export function calendarRoutes(): Hono {
  return new Hono().get('/calendar', (c) => {
    let period;
    try {
      period = parsePeriod({ from: c.req.query('from'), to: c.req.query('to') }, { required: true, maxDays: MAX_CALENDAR_DAYS });
    } catch (error) {
      if (error instanceof QueryError) throw new ApiError(400, 'invalid_parameter', error.message, { field: error.field });
      throw error;
    }
    const { from = '', to = '' } = period;
    return c.json({ from, to, days: calendarDays(from, to) });
  });
}
