/** The OpenAPI description of the HTTP API, served at /api/v1/openapi.json. */
const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const flowTarget = ['venue', 'province', 'city'].map((name) => ({
  name,
  in: 'query',
  description: 'at most one of venue, province, city; none = the whole business',
  schema: { type: 'string' },
}));

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flowsight API',
      version,
      description: 'Customer-flow and user-profile analytics. Every error has the shape of the Error schema.',
    },
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness and store reachability',
          responses: { '200': { description: 'ok' }, '500': errorResponse('store unreachable') },
        },
      },
      '/api/v1/status': {
        get: {
          summary: 'Rows per entity, time range covered, last imports',
          parameters: [
            {
              name: 'imports',
              in: 'query',
              schema: { type: 'integer', minimum: 0, maximum: 1000, default: 10 },
              description: 'how many recent imports to list',
            },
          ],
          responses: { '200': { description: 'store status' }, '400': errorResponse('bad parameter') },
        },
      },
      '/api/v1/query': {
        get: {
          summary: 'Metrics by dimensions over a period (the metrics layer); same as `flowsight query`',
          parameters: [
            {
              name: 'metric',
              in: 'query',
              required: true,
              schema: { type: 'array', items: { type: 'string' } },
              description: 'metric names (see /api/v1/metrics), repeatable or comma-separated',
            },
            {
              name: 'by',
              in: 'query',
              schema: { type: 'array', items: { type: 'string' } },
              description: 'dimensions, e.g. day, province',
            },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            {
              name: 'where',
              in: 'query',
              schema: { type: 'array', items: { type: 'string' } },
              description: 'filters: D=V, D=V1,V2, D!=V, D=A..B, D>=A, D<=B',
            },
            { name: 'compare', in: 'query', schema: { enum: ['previous', 'year'] } },
            { name: 'order', in: 'query', schema: { type: 'array', items: { type: 'string' } }, description: 'key[:asc|desc]' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100000 } },
            { name: 'format', in: 'query', schema: { enum: ['json', 'csv', 'xlsx', 'md'], default: 'json' } },
            { name: 'timeZone', in: 'query', description: 'IANA zone of the days (default: the server zone)', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description:
                '{ rows: [{ <dimension>: …, <metric>: … }], columns, period, comparison?, notes?, sources, timeZone, elapsedMs }, or a download; notes say which comparison periods lie outside the data or are only partly covered (their compare values are null)',
            },
            '400': errorResponse(
              'invalid query (details.field names the part), including an answer that would exceed 100,000 rows (details.field: by)',
            ),
          },
        },
        post: {
          summary:
            'The same query as a JSON body: { metrics, by, from, to, where: [{dimension, op, values}] | {dimension: value}, compare, order, limit, format }',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'as GET' }, '400': errorResponse('invalid query') },
        },
      },
      '/api/v1/metrics': {
        get: { summary: 'Every metric and dimension with its definition', responses: { '200': { description: 'catalog' } } },
      },
      '/api/v1/reports/{kind}': {
        get: {
          summary: 'The order analysis report or the system-log report',
          parameters: [
            { name: 'kind', in: 'path', required: true, schema: { enum: ['orders', 'logs'] } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'where', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
            { name: 'format', in: 'query', schema: { enum: ['html', 'md', 'json'], default: 'html' } },
            { name: 'locale', in: 'query', schema: { enum: ['zh-CN', 'en'], default: 'zh-CN' } },
            { name: 'timeZone', in: 'query', description: 'zone of the days (default: the server zone)', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'the report' },
            '400': errorResponse('invalid request'),
            '404': errorResponse('unknown report'),
          },
        },
      },
      '/api/v1/flow/forecast': {
        get: {
          summary:
            'Daily forecast of visitors, orders or revenue for the business, a province, a city or a venue: 80%/95% bands, components (trend, weekly, yearly, holiday, weather), rolling-origin back-test (MASE, sMAPE vs seasonal naive), estimated holiday and weather effects',
          parameters: [
            { name: 'metric', in: 'query', schema: { enum: ['visitors', 'orders', 'revenue'], default: 'visitors' } },
            ...flowTarget,
            { name: 'horizon', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 90, default: 28 } },
          ],
          responses: {
            '200': { description: 'the forecast (served from the stored forecasts when current)' },
            '400': errorResponse('invalid request'),
          },
        },
      },
      '/api/v1/flow/holidays': {
        get: {
          summary:
            'Each public holiday in the next 90 days day by day, next to the same holiday day last year, with uplift over a normal day and over last year',
          parameters: [
            { name: 'metric', in: 'query', schema: { enum: ['visitors', 'orders', 'revenue'], default: 'visitors' } },
            ...flowTarget,
          ],
          responses: { '200': { description: 'holiday forecasts' }, '400': errorResponse('invalid request') },
        },
      },
      '/api/v1/flow/peaks': {
        get: {
          summary:
            'Peak-period allocation for a venue: hourly flow by day type, peak windows, staff per hour and time-slot quotas, days over capacity',
          parameters: [
            { name: 'venue', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'days', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 90, default: 7 } },
            {
              name: 'throughput',
              in: 'query',
              description: 'visitors one member of staff serves per hour',
              schema: { type: 'number', default: 60 },
            },
            { name: 'target', in: 'query', description: 'utilisation to stay under', schema: { type: 'number', default: 0.85 } },
          ],
          responses: { '200': { description: 'the plan' }, '400': errorResponse('invalid request') },
        },
      },
      '/api/v1/flow/hotspots': {
        get: {
          summary: 'Places ranked by flow, growth (环比/同比), capacity utilisation and forecast, with emerging hot spots flagged',
          parameters: [
            { name: 'level', in: 'query', schema: { enum: ['province', 'city', 'venue'], default: 'venue' } },
            { name: 'days', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 90, default: 7 } },
            {
              name: 'sortBy',
              in: 'query',
              schema: { enum: ['flow', 'growth', 'yoy', 'utilisation', 'forecast', 'emerging'], default: 'flow' },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', default: 50 } },
          ],
          responses: { '200': { description: 'the ranking' }, '400': errorResponse('invalid request') },
        },
      },
      '/api/v1/flow/traffic': {
        get: {
          summary:
            'Visitors, their attributes (age band, gender, province of origin, channel) and the funnel visit → order → paid by channel and province',
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'where', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ],
          responses: { '200': { description: 'traffic analysis' }, '400': errorResponse('invalid request') },
        },
      },
      '/api/v1/alerts/active': {
        get: {
          summary:
            'What needs attention now: the last complete day unusual (flow, orders, revenue), error rate, emerging hot spots, forecast over capacity, rejected records; in zh-CN and en',
          parameters: [
            { name: 'province', in: 'query', schema: { type: 'string' } },
            { name: 'city', in: 'query', schema: { type: 'string' } },
            { name: 'venue', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: '{ at, lastDay, place, alerts: [{ id, kind, severity, title, detail, date, place, value, expected }] }' },
          },
        },
      },
      '/api/v1/places': {
        get: {
          summary: "The catalog's provinces and cities (with their number of venues) and venues, within the caller's scope: for pickers",
          responses: {
            '200': {
              description:
                '{ provinces: [{ name, venues }], cities: [{ name, province, venues }], venues: [{ id, name, province, city, type }] }',
            },
          },
        },
      },
      '/api/v1/calendar': {
        get: {
          summary: 'Weekends, Chinese public holidays (which holiday, which day of it) and make-up workdays (调休) between two dates',
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: {
            '200': {
              description:
                "{ from, to, days: [{ date, type: weekend|holiday|makeup_workday, holiday?, label?, holidayDay?, holidayLength? }], years: [{ year, status, source? }], notes } — a year's status is official (the State Council's notice), provisional (the statutory days only, until the notice is out: no bridge days, no make-up workdays) or unknown (beyond the holiday calendar: weekends only); notes say so in words",
            },
            '400': errorResponse('invalid or too long range (details.field names the parameter)'),
          },
        },
      },
      '/api/v1/profiles/{userId}': {
        get: {
          summary: "One user's profile (RFM, preferences, lifecycle, BG/NBD predictions, demographics) and lifecycle history",
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'profile and stages' }, '404': errorResponse('no such profile') },
        },
      },
      '/api/v1/profiles/distribution': {
        get: {
          summary: 'How users spread over a profile field, overall or within a segment or rules',
          parameters: [
            { name: 'field', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'segment', in: 'query', schema: { type: 'string' } },
            { name: 'where', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ],
          responses: { '200': { description: 'buckets' }, '400': errorResponse('unknown field or bad rule') },
        },
      },
      '/api/v1/profiles/compute': {
        post: {
          summary: 'Compute profiles now (administrative token): full, incremental or auto',
          parameters: [{ name: 'mode', in: 'query', schema: { enum: ['full', 'incremental', 'auto'], default: 'auto' } }],
          responses: { '200': { description: 'the run' }, '401': errorResponse('no administrative token') },
        },
      },
      '/api/v1/personas': {
        get: {
          summary: 'Personas of the last full computation, named in Chinese and English',
          responses: { '200': { description: 'personas' } },
        },
      },
      '/api/v1/segments': {
        get: { summary: 'Saved segments', responses: { '200': { description: 'segments' } } },
        post: {
          summary: 'Save a segment: { name, description?, rules: ["lifecycle=at_risk", "spending_tier>=4", …] }',
          responses: { '201': { description: 'the segment' }, '400': errorResponse('bad name or rules') },
        },
      },
      '/api/v1/segments/preview': {
        post: {
          summary: 'Count and first users of unsaved rules: { rules }',
          responses: { '200': { description: 'count and sample' }, '400': errorResponse('bad rules') },
        },
      },
      '/api/v1/segments/{id}': {
        get: {
          summary: 'One segment (by id or name)',
          responses: { '200': { description: 'the segment' }, '404': errorResponse('no such segment') },
        },
        put: {
          summary: 'Change name, description or rules',
          responses: { '200': { description: 'the segment' }, '400': errorResponse('bad rules') },
        },
        delete: { summary: 'Delete a segment', responses: { '204': { description: 'deleted' }, '404': errorResponse('no such segment') } },
      },
      '/api/v1/segments/{id}/preview': {
        get: { summary: 'Count and first users of a segment', responses: { '200': { description: 'count and sample' } } },
      },
      '/api/v1/segments/{id}/export': {
        get: {
          summary: 'User ids of a segment as CSV, for ad targeting',
          responses: { '200': { description: 'text/csv', content: { 'text/csv': {} } } },
        },
      },
      '/api/v1/profile-insights/fields': {
        get: {
          summary:
            'Profile fields for segment rules and charts: kind, zh/en labels, operators (rules as { field, op, values }), closed vocabularies',
          responses: { '200': { description: '{ fields: [{ name, kind, zh, en, numericElements, operators, values? }] }' } },
        },
      },
      '/api/v1/profile-insights/summary': {
        get: {
          summary: 'Headline numbers of the profiles: users, buyers, lifecycle stages, churn risk, mean predictions over buyers',
          parameters: [
            { name: 'segment', in: 'query', schema: { type: 'string' } },
            { name: 'where', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ],
          responses: { '200': { description: 'summary' }, '400': errorResponse('bad rule'), '404': errorResponse('no such segment') },
        },
      },
      '/api/v1/profile-insights/distribution': {
        get: {
          summary: 'As /profiles/distribution, with number fields of few whole values (tiers, scores, persona) counted per value',
          parameters: [
            { name: 'field', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'segment', in: 'query', schema: { type: 'string' } },
            { name: 'where', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ],
          responses: {
            '200': { description: 'buckets, and whether they are single values' },
            '400': errorResponse('unknown field or bad rule'),
          },
        },
      },
      '/api/v1/profile-insights/users/{userId}/tags': {
        get: {
          summary: "One user's tags (lifecycle:…, rfm:…, tier:…, category:…), as `tag=` segment rules select them",
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: '{ userId, tags }' }, '404': errorResponse('no such profile') },
        },
      },
      '/api/v1/profile-insights/users/{userId}/stages': {
        get: {
          summary:
            "One user's lifecycle stage at each week (or month) end of the last `days` days (default 364), reconstructed like the flow, as changes",
          parameters: [
            { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'days', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'grain', in: 'query', schema: { enum: ['week', 'month'], default: 'week' } },
          ],
          responses: {
            '200': { description: '{ userId, grain, from, to, changes: [{ stage, since }] }' },
            '404': errorResponse('no such profile'),
          },
        },
      },
      '/api/v1/profile-insights/lifecycle-flow': {
        get: {
          summary:
            'Lifecycle stages reconstructed from orders and events as of the day before `from`, each week or month end and `to` (clamped to the profiles as-of day): counts, moves between consecutive days, and over the whole period',
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'grain', in: 'query', schema: { enum: ['week', 'month'], default: 'month' } },
            { name: 'segment', in: 'query', schema: { type: 'string' } },
            { name: 'where', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ],
          responses: {
            '200': { description: 'snapshots, steps and period transitions' },
            '400': errorResponse('bad period, grain or rule'),
          },
        },
      },
      '/api/v1/sql': {
        post: {
          summary:
            'Analyst SQL console: one read-only SELECT on a locked-down connection, with a timeout, a row limit and a byte limit (64 MiB of result, about its size as JSON; not adjustable)',
          security: [{ adminToken: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['sql'],
                  properties: {
                    sql: { type: 'string' },
                    format: { enum: ['json', 'csv', 'xlsx'], default: 'json' },
                    timeoutMs: { type: 'integer', minimum: 1, maximum: 60000, default: 10000 },
                    rowLimit: { type: 'integer', minimum: 1, maximum: 100000, default: 10000 },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description:
                '{ ok, table: { columns, rows }, truncated, truncatedBy: rowLimit|byteLimit|null, rowLimit, byteLimit, elapsedMs }, or a CSV/XLSX download. A result cut by a limit is still a 200: truncated is true and truncatedBy names the limit. BIGINT, UBIGINT and HUGEINT values beyond ±(2^53 − 1), and DECIMALs a double cannot hold digit for digit, are strings of their exact digits',
              headers: {
                'X-Flowsight-Truncated': {
                  description: 'true when a limit cut the result short (every format)',
                  schema: { enum: ['true', 'false'] },
                },
                'X-Flowsight-Truncated-By': {
                  description: 'the limit that cut it: rowLimit or byteLimit',
                  schema: { enum: ['rowLimit', 'byteLimit'] },
                },
                'X-Flowsight-Row-Limit': { description: 'the row limit the query ran with', schema: { type: 'integer' } },
                'X-Flowsight-Byte-Limit': { description: 'the byte limit the query ran with', schema: { type: 'integer' } },
              },
            },
            '400': errorResponse(
              'refused (sql_refused) or syntax error (sql_syntax); a bad body, format, timeoutMs or rowLimit (invalid_body, details.field names it, details.max the largest value taken)',
            ),
            '401': errorResponse('missing or wrong token'),
            '408': errorResponse('statement timeout (sql_timeout)'),
            '422': errorResponse('the query failed as it ran: a binder, conversion or other DuckDB error (sql_error)'),
          },
        },
      },
      '/api/v1/ingest/{entity}': {
        post: {
          summary: 'Real-time collection: NDJSON or a JSON array (gzip allowed); answered once the records are durable in the ingest log',
          security: [{ ingestKey: [] }],
          parameters: [{ name: 'entity', in: 'path', required: true, schema: { enum: ['users', 'orders', 'events', 'logs'] } }],
          requestBody: { required: true, content: { 'application/x-ndjson': {}, 'application/json': {} } },
          responses: {
            '200': {
              description:
                '{ accepted, rejected, ignored: [unknown keys], lines: [{ line, index? (JSON array element), status, field?, reason? }] } in the order sent',
            },
            '400': errorResponse('unreadable body, or a request that is not valid HTTP'),
            '401': errorResponse('missing, wrong or revoked key'),
            '404': errorResponse('unknown entity'),
            '405': errorResponse('a method other than POST (see Allow)'),
            '413': errorResponse('body too large'),
            '415': errorResponse('a Content-Type naming another format than NDJSON or JSON'),
            '422': errorResponse('no valid record (details.lines and details.ignored say why)'),
            '429': errorResponse('over the key rate; see Retry-After'),
            '503': errorResponse('store behind or shutting down; nothing stored, retry (Retry-After)'),
          },
        },
      },
      '/api/v1/live': {
        get: {
          summary: 'Live feed (server-sent events): per-minute orders, revenue, visitors and the latest records, masked',
          parameters: [
            ...['province', 'city', 'venue'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
            { name: 'records', in: 'query', schema: { enum: ['orders', 'visits', 'both'], default: 'both' } },
          ],
          responses: { '200': { description: 'text/event-stream: `snapshot` events and `ping`s', content: { 'text/event-stream': {} } } },
        },
      },
      '/api/v1/ingest/stats': {
        get: {
          summary: 'Per source and entity: accepted, duplicates, updates, rejected with reasons, lag, freshness',
          responses: { '200': { description: 'stats' } },
        },
      },
      '/api/v1/ingest/rejects': {
        get: {
          summary: 'Rows rejected by recent batch imports: file, line, field, reason (raw values left out)',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }],
          responses: {
            '200': { description: '{ rejects: [{ importId, source, kind, finishedAt, file, line, field, reason }] }' },
            '400': errorResponse('invalid limit'),
          },
        },
      },
      '/api/v1/keys': {
        get: {
          summary: 'List API keys (never their secrets)',
          security: [{ adminToken: [] }],
          responses: { '200': { description: '{ keys }' }, '401': errorResponse('missing or wrong token') },
        },
        post: {
          summary: 'Create an ingest key; the key is in this response only',
          security: [{ adminToken: [] }],
          responses: { '201': { description: '{ key, id, name, scope, createdAt }' }, '400': errorResponse('invalid request') },
        },
      },
      '/api/v1/keys/{id}': {
        delete: {
          summary: 'Revoke a key',
          security: [{ adminToken: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: '{ id, revoked }' }, '404': errorResponse('no such key') },
        },
      },
      '/api/v1/imports': {
        post: {
          summary: 'Import files on the server machine (administrative; used by the CLI while the server holds the database)',
          security: [{ adminToken: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['kind', 'files'],
                  properties: {
                    kind: { enum: ['users', 'orders', 'events', 'logs', 'catalog', 'weather'] },
                    files: { type: 'array', items: { type: 'string', description: 'absolute path' } },
                    timeZone: { type: 'string', default: 'Asia/Shanghai' },
                    maxRejectRate: { type: 'number', minimum: 0, maximum: 1, default: 0.05 },
                    rejectsPath: { type: 'string' },
                    mapping: { type: 'object', additionalProperties: { type: 'string' } },
                    format: { enum: ['csv', 'ndjson', 'json', 'parquet'] },
                    encoding: { enum: ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] },
                    delimiter: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'NDJSON stream: {"type":"progress",…} lines, then {"type":"outcome","outcome":{ok, summary, refusal?}}',
              content: { 'application/x-ndjson': {} },
            },
            '400': errorResponse('invalid request'),
            '401': errorResponse('missing or wrong token'),
          },
        },
      },
    },
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'token from <db>.server.json; the scheme name is case-insensitive' },
        ingestKey: { type: 'http', scheme: 'bearer', description: 'key from `flowsight keys create --scope ingest`' },
      },
    },
  };
}
