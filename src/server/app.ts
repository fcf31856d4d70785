/**
 * The HTTP app factory: routes under /api/v1, /healthz, the OpenAPI document, the dashboard, one error handler.
 * It never listens by itself (see start-server.ts), so tests call it in-process.
 */
import { Hono, type Context } from 'hono';
import type { QueryScope } from '../analysis/metrics/metric-query.ts';
import type { Store } from '../store/store.ts';
import type { Forecaster } from '../query/flow-forecast.ts';
import { ApiError, respondWithError } from './api-error.ts';
import { importRoutes } from './routes/imports.ts';
import { statusRoutes } from './routes/status.ts';
import { queryRoutes } from './routes/query.ts';
import { reportRoutes } from './routes/reports.ts';
import { sqlRoutes } from './routes/sql.ts';
import { keyRoutes } from './routes/keys.ts';
import type { IngestServices } from './ingest-services.ts';
import type { LiveFeed } from './routes/live.ts';
import { ingestStatsRoutes } from './routes/ingest-stats.ts';
import { importRejectsRoutes } from './routes/import-rejects.ts';
import { flowRoutes } from './routes/flow.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { placeRoutes } from './routes/places.ts';
import { alertRoutes } from './routes/alerts.ts';
import { createCommitCache } from './commit-cache.ts';
import { profileRoutes } from './routes/profiles.ts';
import { profileInsightRoutes } from './routes/profile-insights.ts';
import { createIngestStats } from '../ingest/stream/ingest-stats.ts';
import { openApiDocument } from './openapi.ts';
import type { DashboardAssets } from './dashboard/dashboard-assets.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import { STREAM_KINDS } from './routes/ingest.ts';

export interface AppDependencies {
  readonly store: Store;
  /** Zone for naive times in imports requested without one. */
  readonly timeZone: string;
  /** Where rejects files of server-run imports go. */
  readonly rejectsDir: string;
  /** Bearer token for local administrative calls; undefined disables them. */
  readonly adminToken?: string | undefined;
  readonly version: string;
  readonly log?: (message: string) => void;
  /**
   * What the caller of a request may see (allowed provinces…), applied inside every compiled query.
   * Unset means everything: the embedded default has no users yet; access control plugs in here.
   */
  readonly scopeOf?: (c: Context) => QueryScope;
  /**
   * Real-time ingestion (keys, counters) for key revocation and `/ingest/stats`; the ingest endpoint itself
   * is served in front of the app (routes/ingest.ts), so without it POSTs there answer 404.
   */
  readonly ingest?: IngestServices['ingest'];
  /** The live feed (built by the caller so it can be closed on shutdown). */
  readonly live?: LiveFeed;
  /** Where forecasts computed on demand run (default: in the request's thread). */
  readonly forecaster?: Forecaster;
  /** The built web dashboard, served at every path outside /api; without it only the API answers. */
  readonly dashboard?: DashboardAssets;
}

/** A route as method and path pattern (`/segments/:id`). */
interface RouteShape {
  readonly method: string;
  readonly path: string;
}

/**
 * The methods each path is served with, from the routes' patterns: literal segments and `:name`
 * parameters. Catch-alls (the dashboard's `*`) and middleware say nothing about a path and are left out.
 */
function createMethodIndex(routes: readonly RouteShape[]): (path: string) => readonly string[] {
  const patterns = routes
    .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
    .map((route) => ({
      method: route.method,
      pattern: new RegExp(
        `^${route.path
          .split('/')
          .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}$`,
      ),
    }));
  return (path) => {
    const methods = new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method));
    // HEAD is answered wherever GET is (Hono runs the GET handler without the body).
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/** Builds the app. */
export function createApp(deps: AppDependencies): Hono {
  const app = new Hono();
  app.onError((error, c) => respondWithError(error, c, deps.log));
  app.notFound((c) => respondWithError(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`), c));

  // A path served with other methods answers 405 naming them, before routing (the dashboard's catch-all
  // would otherwise answer a GET to an /api path 404). Built on the first request, once every route is in.
  let methodsOf: ((path: string) => readonly string[]) | undefined;
  app.use(async (c, next) => {
    methodsOf ??= createMethodIndex([
      ...app.routes,
      // The ingest endpoint is served in front of the app (routes/ingest.ts) when ingestion is on.
      ...(deps.ingest ? STREAM_KINDS.map((kind) => ({ method: 'POST', path: `/api/v1/ingest/${kind}` })) : []),
    ]);
    const allowed = methodsOf(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      const allow = allowed.join(', ');
      throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; it takes ${allow}`, undefined, {
        Allow: allow,
      });
    }
    await next();
  });

  app.get('/healthz', async (c) => {
    await deps.store.count('orders');
    return c.json({ status: 'ok', backend: deps.store.backend, version: deps.version });
  });
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument(deps.version)));
  app.route('/api/v1', statusRoutes(deps));
  app.route('/api/v1', importRoutes(deps));
  app.route('/api/v1', queryRoutes(deps));
  app.route('/api/v1', reportRoutes(deps));
  app.route('/api/v1', sqlRoutes(deps));
  // Answers derived from stored data that the dashboard asks for often, kept until the data changes.
  const cache = createCommitCache(deps.store);
  app.route('/api/v1', flowRoutes(deps, cache));
  app.route('/api/v1', alertRoutes(deps, cache));
  app.route('/api/v1', placeRoutes(deps, cache));
  app.route('/api/v1', calendarRoutes());
  app.route('/api/v1', profileRoutes(deps));
  app.route('/api/v1', profileInsightRoutes(deps));
  app.route('/api/v1', keyRoutes({ store: deps.store, adminToken: deps.adminToken, onRevoke: (id) => deps.ingest?.invalidateKey(id) }));
  if (deps.live) app.route('/api/v1', deps.live.routes);
  // Without streaming, the stats still show batch imports and entity freshness.
  app.route('/api/v1', ingestStatsRoutes({ store: deps.store, stats: deps.ingest?.stats ?? createIngestStats() }));
  app.route('/api/v1', importRejectsRoutes({ store: deps.store }));
  if (deps.dashboard) app.route('/', dashboardRoutes(deps.dashboard));
  return app;
}
