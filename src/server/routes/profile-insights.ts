/**
 * What the dashboard's profile view needs beyond /profiles and /segments: the fields a segment rule
 * can use (with operators and value words), headline numbers, distributions that count small whole
 * numbers per value, one user's tags and stage history, and the lifecycle flow over a period. Filters are the same as /profiles/distribution:
 * `segment` (id or name) and `where` rules, combined with AND.
 */
import { Hono, type Context } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { requestedSegmentRules } from './profiles.ts';
import { profileFieldCatalog } from '../../query/profile-field-catalog.ts';
import { profileLifecycleFlow, userStageHistory } from '../../query/profile-lifecycle-flow.ts';
import { profileSummary } from '../../query/profile-summary.ts';
import { profileTags } from '../../query/profile-tags.ts';
import { profileValueDistribution } from '../../query/profile-value-distribution.ts';

export function profileInsightRoutes(deps: AppDependencies): Hono {
  const scopeOf = (c: Context) => deps.scopeOf?.(c) ?? {};
  const rulesOf = (c: Context) => requestedSegmentRules(deps.store, c);
  const grainOf = (c: Context) => {
    const grain = c.req.query('grain') ?? 'month';
    if (grain !== 'week' && grain !== 'month') throw new ApiError(400, 'invalid_query', 'grain must be week or month', { field: 'grain' });
    return grain;
  };
  return new Hono()
    .get('/profile-insights/fields', (c) => c.json({ fields: profileFieldCatalog() }))
    .get('/profile-insights/summary', async (c) => c.json(await profileSummary(deps.store, await rulesOf(c), scopeOf(c))))
    .get('/profile-insights/distribution', async (c) =>
      c.json(await profileValueDistribution(deps.store, { field: c.req.query('field') ?? '', rules: await rulesOf(c) }, scopeOf(c))),
    )
    .get('/profile-insights/users/:userId/tags', async (c) => {
      const tags = await profileTags(deps.store, c.req.param('userId'), scopeOf(c));
      if (!tags) throw new ApiError(404, 'not_found', `no profile for user ${c.req.param('userId')}`);
      return c.json({ userId: c.req.param('userId'), tags });
    })
    .get('/profile-insights/users/:userId/stages', async (c) => {
      const days = c.req.query('days');
      const history = await userStageHistory(
        deps.store,
        c.req.param('userId'),
        { days, grain: c.req.query('grain') === undefined ? 'week' : grainOf(c) },
        scopeOf(c),
        { timeZone: deps.timeZone },
      );
      if (!history) throw new ApiError(404, 'not_found', `no profile for user ${c.req.param('userId')}`);
      return c.json(history);
    })
    .get('/profile-insights/lifecycle-flow', async (c) => {
      const grain = grainOf(c);
      const from = c.req.query('from');
      const to = c.req.query('to');
      if (!from || !to) throw new ApiError(400, 'invalid_query', 'from and to are required (YYYY-MM-DD)', { field: 'period' });
      const flow = await profileLifecycleFlow(deps.store, { from, to, grain, rules: await rulesOf(c) }, scopeOf(c), {
        timeZone: deps.timeZone,
      });
      return c.json(flow);
    });
}
