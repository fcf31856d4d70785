/**
 * The user-profile API: one user's profile, distributions, personas, the computation itself (local
 * administrative token), and segments — CRUD, preview and export of the matching user ids as CSV.
 */
import { Hono, type Context } from 'hono';
import type { AppDependencies } from '../app.ts';
import type { Store } from '../../store/store.ts';
import { ApiError } from '../api-error.ts';
import { hasBearerToken } from '../bearer-token.ts';
import { withPersonaNames } from '../../analysis/profiles/name-personas.ts';
import { toProfileRecord } from '../../analysis/profiles/profile-fields.ts';
import { checkSegmentRules, type SegmentRule } from '../../analysis/profiles/segment-rules.ts';
import { profileValueDistribution, type ValueDistribution } from '../../query/profile-value-distribution.ts';
import {
  computeProfiles,
  findSegment,
  latestPersonas,
  listSegments,
  previewSegment,
  saveSegment,
  segmentUserIds,
  showProfile,
  type Distribution,
} from '../../query/profiles.ts';
import type { QueryScope } from '../../analysis/metrics/metric-query.ts';

async function bodyOf(c: Context): Promise<Record<string, unknown>> {
  const body = (await c.req.json().catch(() => undefined)) as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid_body', 'send a JSON object');
  return body as Record<string, unknown>;
}

/** Rules a caller sends: a value a closed vocabulary lacks is refused (400) rather than matching nobody. */
const requestRules = (rules: unknown): SegmentRule[] => checkSegmentRules(rules, { unknownValues: 'refuse' });

/** Rules from `where` query parameters, and those of the segment named by `segment` (id or name). */
export async function requestedSegmentRules(store: Store, c: Context): Promise<SegmentRule[]> {
  const segment = c.req.query('segment');
  const found = segment ? await findSegment(store, segment) : undefined;
  if (segment && !found) throw new ApiError(404, 'not_found', `no segment ${segment}`);
  return [...(found?.rules ?? []), ...requestRules(c.req.queries('where') ?? [])];
}

/** A distribution with persona buckets named. */
type NamedDistribution = Omit<ValueDistribution, 'buckets'> & {
  readonly buckets: readonly (Distribution['buckets'][number] & { readonly zh?: string; readonly en?: string })[];
};

/**
 * How users spread over a field, as the CLI and the API give it: one bucket per value for whole
 * numbers with few values (scores and tiers 1–5, personas), personas by name, bins for other numbers.
 */
async function namedProfileDistribution(
  store: Store,
  request: { field: string; rules: readonly SegmentRule[] },
  scope: QueryScope,
): Promise<NamedDistribution> {
  const distribution = await profileValueDistribution(store, request, scope);
  if (distribution.field !== 'persona' || !distribution.discrete) return distribution;
  const personas = await latestPersonas(store);
  return { ...distribution, buckets: withPersonaNames(distribution.buckets, personas?.personas ?? []) };
}

export function profileRoutes(deps: AppDependencies): Hono {
  const options = { timeZone: deps.timeZone };
  const scopeOf = (c: Context) => deps.scopeOf?.(c) ?? {};
  const rulesOf = (c: Context) => requestedSegmentRules(deps.store, c);
  const segmentOf = async (c: Context) => {
    const found = await findSegment(deps.store, c.req.param('id') ?? '');
    if (!found) throw new ApiError(404, 'not_found', `no segment ${c.req.param('id')}`);
    return found;
  };
  return new Hono()
    .get('/profiles/distribution', async (c) =>
      c.json(await namedProfileDistribution(deps.store, { field: c.req.query('field') ?? '', rules: await rulesOf(c) }, scopeOf(c))),
    )
    .post('/profiles/compute', async (c) => {
      if (!hasBearerToken(c.req.header('authorization'), deps.adminToken))
        throw new ApiError(401, 'unauthorized', 'computing profiles needs the administrative bearer token');
      const mode = c.req.query('mode') ?? 'auto';
      if (mode !== 'full' && mode !== 'incremental' && mode !== 'auto')
        throw new ApiError(400, 'invalid_query', 'mode must be full, incremental or auto', { field: 'mode' });
      return c.json(await computeProfiles(deps.store, { mode }, options));
    })
    .get('/profiles/:userId', async (c) => {
      const found = await showProfile(deps.store, c.req.param('userId'), scopeOf(c));
      if (!found) throw new ApiError(404, 'not_found', `no profile for user ${c.req.param('userId')}`);
      return c.json({ ...found, profile: toProfileRecord(found.profile) });
    })
    .get('/personas', async (c) => c.json({ personas: await latestPersonas(deps.store) }))
    .get('/segments', async (c) => c.json({ segments: await listSegments(deps.store) }))
    .post('/segments/preview', async (c) => {
      const rules = requestRules((await bodyOf(c)).rules);
      return c.json(await previewSegment(deps.store, rules, scopeOf(c), Number(c.req.query('limit') ?? 20)));
    })
    .post('/segments', async (c) => {
      const body = await bodyOf(c);
      const segment = await saveSegment(deps.store, {
        name: String(body.name ?? ''),
        description: body.description == null ? null : String(body.description),
        rules: requestRules(body.rules),
      });
      return c.json(segment, 201);
    })
    .get('/segments/:id', async (c) => c.json(await segmentOf(c)))
    .put('/segments/:id', async (c) => {
      const current = await segmentOf(c);
      const body = await bodyOf(c);
      const segment = await saveSegment(deps.store, {
        id: current.id,
        name: body.name === undefined ? current.name : String(body.name),
        description: body.description === undefined ? current.description : body.description === null ? null : String(body.description),
        rules: body.rules === undefined ? current.rules : requestRules(body.rules),
      });
      return c.json(segment);
    })
    .delete('/segments/:id', async (c) => {
      const current = await segmentOf(c);
      await deps.store.deleteSegment(current.id);
      return c.body(null, 204);
    })
    .get('/segments/:id/preview', async (c) => {
      const segment = await segmentOf(c);
      return c.json({
        segment,
        ...(await previewSegment(deps.store, segment.rules, scopeOf(c), Number(c.req.query('limit') ?? 20))),
      });
    })
    .get('/segments/:id/export', async (c) => {
      const segment = await segmentOf(c);
      const ids = await segmentUserIds(deps.store, segment.rules, scopeOf(c));
      return c.body(`user_id\n${ids.join('\n')}${ids.length > 0 ? '\n' : ''}`, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="segment-${segment.id}.csv"`,
      });
    });
}
