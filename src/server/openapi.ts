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
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'token from <db>.server.json' } },
    },
  };
}
