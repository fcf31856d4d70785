/**
 * Real-time ingestion over HTTP as clients use it: a real `flowsight serve` child on a loopback port,
 * a key made with `flowsight keys create`, NDJSON / JSON arrays / gzip, per-line results, errors in
 * the one JSON shape, and no acknowledged record lost when the server is killed with SIGKILL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { generateApiKey } from '../src/server/auth/api-keys.ts';
import { createIngestServices } from '../src/server/ingest-services.ts';
import { ingestEndpoint } from '../src/server/routes/ingest.ts';
import { startServer, type RunningServer } from '../src/server/start-server.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Retries an assertion for up to 5 s: records acknowledged from the log reach the store within about a second. */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let started = Date.now(); ;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > 5000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const order = (id: string, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  user_id: 'u1',
  created_at: '2026-06-01 10:00:00',
  amount: '88.50',
  status: 'completed',
  ...extra,
});

interface IngestResponse {
  accepted: number;
  rejected: number;
  ignored: string[];
  lines: { line: number; index?: number; status: string; field?: string; reason?: string }[];
}

/**
 * Opens a connection, writes `bytes` as they are (no client to tidy them up), and resolves with all the
 * server sent once it closed the connection — or, with `cutAfterMs`, once the client cut it itself.
 */
function rawExchange(url: string, bytes: string | Buffer, cutAfterMs?: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes);
      if (cutAfterMs !== undefined) setTimeout(() => socket.destroy(), cutAfterMs);
    });
    socket.setEncoding('utf8').on('data', (data: string) => (received += data));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

/** The rows of a `flowsight sql` query on the store. */
async function sqlRows<T>(db: string, sql: string): Promise<T[]> {
  const result = await runCli(['sql', sql, '--db', db, '--json']);
  return (JSON.parse(result.stdout) as { table: { rows: T[] } }).table.rows;
}

describe('POST /api/v1/ingest against a running server', () => {
  const db = join(dir, 'serve.duckdb');
  let server: Awaited<ReturnType<typeof startServe>>;
  let key: string;
  const post = (entity: string, body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/ingest/${entity}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', ...headers },
      body,
      // A stream body is sent chunked, without a Content-Length.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  /** A body sent in chunks of `chunk`, `count` times: chunked transfer encoding, no declared length. */
  const chunked = (chunk: string, count: number) => {
    const bytes = new TextEncoder().encode(chunk);
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < count) controller.enqueue(bytes);
        else controller.close();
      },
    });
  };

  beforeAll(async () => {
    const created = await runCli(['keys', 'create', '--scope', 'ingest', '--name', 'pos', '--db', db, '--json']);
    expect(created.code, created.stderr).toBe(0);
    key = (JSON.parse(created.stdout) as { key: string }).key;
    server = await startServe(['--db', db, '--no-demo']);
  }, 60_000);
  afterAll(async () => {
    if (server) await stop(server.child);
  });

  it('keeps the valid lines of a request and says why the others were rejected', async () => {
    const body = [
      JSON.stringify(order('h1')),
      '{not json',
      JSON.stringify({ 订单ID: 'h2', 用户ID: 'u2', 创建日期: '2026/6/1 10:05', 订单金额: '￥1,200.00', 订单状态: '已完成' }),
      JSON.stringify(order('h3', { amount: 'lots' })),
    ].join('\n');
    const response = await post('orders', body);
    expect(response.status).toBe(200);
    const result = (await response.json()) as IngestResponse;
    expect(result).toMatchObject({ accepted: 2, rejected: 2 });
    expect(result.lines.map((l) => [l.line, l.status])).toEqual([
      [1, 'accepted'],
      [2, 'rejected'],
      [3, 'accepted'],
      [4, 'rejected'],
    ]);
    expect(result.lines[3]).toMatchObject({ field: 'amount' });
    // Acknowledged from the log; visible in the store within about a second.
    await eventually(async () =>
      expect(JSON.parse((await runCli(['query', '--metric', 'orders,gmv', '--db', db, '--json'])).stdout).rows[0]).toEqual({
        orders: 2,
        gmv: 1288.5,
      }),
    );
  });

  it('stores a record sent twice once, and moves an order to a newer state but never back', async () => {
    const send = async (extra: Record<string, unknown>) =>
      expect((await post('orders', JSON.stringify(order('d1', extra)))).status).toBe(200);
    await send({ status: 'pending_payment' });
    await send({ status: 'pending_payment' });
    await send({ status: 'completed', paid_at: '2026-06-01 10:01:00' });
    await send({ status: 'pending_payment' });
    await eventually(async () => {
      const stored = JSON.parse(
        (await runCli(['sql', "SELECT count(*) AS n, max(status) AS status FROM orders WHERE order_id = 'd1'", '--db', db, '--json']))
          .stdout,
      ) as { table: { rows: { n: number; status: string }[] } };
      expect(stored.table.rows[0]).toEqual({ n: 1, status: 'completed' });
    });
    const stats = (await (await fetch(`${server.url}/api/v1/ingest/stats`)).json()) as {
      stream: { entries: { source: string; kind: string; totals: { duplicates: number; updated: number } }[] };
    };
    const pos = stats.stream.entries.find((e) => e.source === 'http:pos' && e.kind === 'orders')!;
    expect(pos.totals.duplicates).toBeGreaterThanOrEqual(2);
    expect(pos.totals.updated).toBeGreaterThanOrEqual(1);
  });

  it('takes a gzip JSON array with Chinese values', async () => {
    const body = gzipSync(
      JSON.stringify([{ event_id: 'e1', user_id: 'u1', event_type: '访问', occurred_at: '2026-06-01T02:00:00Z', channel: '微信端' }]),
    );
    const response = await post('events', body, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as IngestResponse).accepted).toBe(1);
  });

  it('reads a body sent in chunks without a declared length', async () => {
    const line = `${JSON.stringify({ event_id: 'e-chunked', user_id: 'u1', event_type: 'visit', occurred_at: '2026-06-01T03:00:00Z' })}\n`;
    const response = await post('events', chunked(line, 3));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as IngestResponse;
    expect(answer.accepted).toBe(3);
    expect(answer.lines.map((l) => l.line)).toEqual([1, 2, 3]);
  });

  it('answers errors in the one JSON shape', async () => {
    const noKey = await fetch(`${server.url}/api/v1/ingest/orders`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrongKey = await fetch(`${server.url}/api/v1/ingest/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.slice(0, -2)}xx` },
      body: '{}',
    });
    expect(wrongKey.status).toBe(401);
    expect((await post('profits', '{}')).status).toBe(404);
    const huge = await post('orders', 'x'.repeat(17 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const hugeChunked = await post('orders', chunked('x'.repeat(1024 * 1024), 17));
    expect(hugeChunked.status).toBe(413);
    expect(((await hugeChunked.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const none = await post('orders', JSON.stringify({ order_id: 'z' }));
    expect(none.status).toBe(422);
    const empty = await post('orders', '   ');
    expect(empty.status).toBe(400);
  });

  it('stores order numbers beyond 2^53 with every digit, sent as JSON numbers in NDJSON or an array', async () => {
    // Written by hand: JSON.stringify of a number this long would already have rounded it.
    const raw = (id: string, extra = '') =>
      `{"order_id":${id},"user_id":${id.replace('2026', '9')},"created_at":"2026-06-02 10:00:00","amount":"10","status":"completed"${extra}}`;
    const ndjson = await post('orders', [raw('20261127000000000001'), raw('20261127000000000002')].join('\n'));
    expect(ndjson.status).toBe(200);
    expect(((await ndjson.json()) as IngestResponse).accepted).toBe(2);
    // In an array, next to strings holding digits and quotes, which stay text as sent.
    const array = await post(
      'orders',
      `[${raw('-20261127000000000003', ',"note":"ref \\"20261127000000000009\\" 123456789012345678"')},${raw('20261127000000000004', ',"amount":20261127000000000004')}]`,
      { 'content-type': 'application/json' },
    );
    const answer = (await array.json()) as IngestResponse;
    expect(answer.accepted).toBe(1);
    // A long number where a number belongs is read as that number, as before: far above any amount.
    expect(answer.lines[1]).toMatchObject({ index: 1, status: 'rejected', field: 'amount', reason: 'above maximum 1000000000000' });
    await eventually(async () =>
      expect(
        await sqlRows(db, "SELECT order_id, user_id, note FROM orders WHERE order_id LIKE '%2026112700000000000%' ORDER BY order_id"),
      ).toEqual([
        { order_id: '-20261127000000000003', user_id: '-91127000000000003', note: 'ref "20261127000000000009" 123456789012345678' },
        { order_id: '20261127000000000001', user_id: '91127000000000001', note: null },
        { order_id: '20261127000000000002', user_id: '91127000000000002', note: null },
      ]),
    );
  });

  it('names each element of a JSON array by its index, in the order sent', async () => {
    const body = JSON.stringify([order('ix-1'), order('ix-2', { amount: 'lots' }), order('ix-3'), 42]);
    const response = await post('orders', body, { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as IngestResponse;
    expect(answer.lines.map((l) => [l.index, l.status, l.field])).toEqual([
      [0, 'accepted', undefined],
      [1, 'rejected', 'amount'],
      [2, 'accepted', undefined],
      [3, 'rejected', undefined],
    ]);
    // NDJSON keeps naming records by their line in the body.
    const ndjson = (await (
      await post('orders', `\n${JSON.stringify(order('ix-4', { amount: 'x' }))}\n${JSON.stringify(order('ix-5'))}`)
    ).json()) as IngestResponse;
    expect(ndjson.lines.map((l) => [l.line, l.index, l.status])).toEqual([
      [2, undefined, 'rejected'],
      [3, undefined, 'accepted'],
    ]);
  });

  it('rejects a record giving one field under its English and its Chinese name', async () => {
    const body = [
      JSON.stringify({ ...order('CC-4'), 订单ID: 'CC-5' }),
      // Records of one request may each use either name.
      JSON.stringify({ 订单ID: 'CC-6', 用户ID: 'u1', 创建日期: '2026-06-01 10:00', 订单金额: '5', 订单状态: '已完成' }),
    ].join('\n');
    const answer = (await (await post('orders', body)).json()) as IngestResponse;
    expect(answer.lines).toEqual([
      { line: 1, status: 'rejected', field: 'order_id', reason: 'keys "order_id" and "订单ID" both map to field order_id' },
      { line: 2, status: 'accepted' },
    ]);
    await eventually(async () =>
      expect(await sqlRows(db, "SELECT order_id FROM orders WHERE order_id LIKE 'CC-%' ORDER BY 1")).toEqual([{ order_id: 'CC-6' }]),
    );
  });

  it('lists the fields it ignored once per request', async () => {
    const body = [
      JSON.stringify(order('ig-1', { payd_at: '2026-06-01 10:01:00' })),
      JSON.stringify(order('ig-2', { payd_at: 'x', 备注2: 'y' })),
    ].join('\n');
    const answer = (await (await post('orders', body)).json()) as IngestResponse;
    expect(answer).toMatchObject({ accepted: 2, ignored: ['payd_at', '备注2'] });
    const clean = (await (await post('orders', JSON.stringify(order('ig-3')))).json()) as IngestResponse;
    expect(clean.ignored).toEqual([]);
  });

  it('takes numbers as ids but refuses true/false, objects and arrays as text', async () => {
    const user = (id: unknown) => JSON.stringify({ user_id: id, registered_at: '2026-06-01 10:00:00' });
    const response = await post('users', [user(true), user(4711), user({ id: 'u' }), user(['u']), user(false)].join('\n'));
    const answer = (await response.json()) as IngestResponse;
    expect(answer.lines.map((l) => [l.status, l.field, l.reason])).toEqual([
      ['rejected', 'user_id', 'expected text, found a boolean'],
      ['accepted', undefined, undefined],
      ['rejected', 'user_id', 'expected text, found a nested object'],
      ['rejected', 'user_id', 'expected text, found an array'],
      ['rejected', 'user_id', 'expected text, found a boolean'],
    ]);
    await eventually(async () =>
      expect(await sqlRows(db, "SELECT user_id FROM users WHERE user_id IN ('true', 'false', '4711') ORDER BY 1")).toEqual([
        { user_id: '4711' },
      ]),
    );
  });

  it('answers an empty array as an empty flush and refuses a body declared as another format', async () => {
    const empty = await post('orders', '[ ]', { 'content-type': 'application/json' });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ accepted: 0, rejected: 0, ignored: [], lines: [] });
    const csv = await post('orders', 'order_id,user_id\nc1,u1\n', { 'content-type': 'text/csv; charset=utf-8' });
    expect(csv.status).toBe(415);
    const refusal = (await csv.json()) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('unsupported_media_type');
    expect(refusal.error.message).toMatch(/"text\/csv; charset=utf-8" is not accepted; send NDJSON .* or a JSON array .*gzip/);
    // JSON-ish and generic types are taken as before (curl --data-binary sends form-urlencoded).
    for (const type of [
      'application/json',
      'application/jsonl',
      'application/x-ndjson; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
    ])
      expect((await post('orders', JSON.stringify(order(`ct-${type}`)), { 'content-type': type })).status, type).toBe(200);
    const untyped = await fetch(`${server.url}/api/v1/ingest/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: new Blob([JSON.stringify(order('ct-none'))]), // a Blob without a type: no Content-Type at all
    });
    expect(untyped.status).toBe(200);
  });

  it('answers a request node cannot parse in the API error shape, then closes the connection', async () => {
    const { host } = new URL(server.url);
    const utf8Query = await rawExchange(server.url, Buffer.from(`GET /api/v1/live?province=广东 HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
    const [head, body] = utf8Query.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    expect(JSON.parse(body!)).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/percent-encoded/) } });
    // A Content-Length shorter than the body: the rest reads as a broken second request. The first
    // is answered, then the refusal in the one shape.
    const line = JSON.stringify(order('short-1'));
    const short = await rawExchange(
      server.url,
      `POST /api/v1/ingest/orders HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${key}\r\nContent-Length: ${line.length}\r\n\r\n${line}\n${line}`,
    );
    const answers = short.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 400']);
    expect(JSON.parse(answers[1]!.split('\r\n\r\n')[1]!)).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('logs a client gone mid-body in one line and stores nothing of its request', async () => {
    const { host } = new URL(server.url);
    const lines = `${JSON.stringify({ log_id: 'cut-1', log_type: 'api_request', level: 'INFO', logged_at: '2026-06-01 10:00:00' })}\n`;
    const before = server.output().length;
    await rawExchange(
      server.url,
      `POST /api/v1/ingest/logs HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${key}\r\nContent-Length: 100000\r\n\r\n${lines}`,
      200,
    );
    // Other parts of the server log too: take the lines about this request.
    const about = () =>
      server
        .output()
        .slice(before)
        .split('\n')
        .filter((line) => line.includes('/api/v1/ingest/logs'));
    await eventually(async () => expect(about()).toHaveLength(1));
    expect(about()[0]).toMatch(
      /POST \/api\/v1\/ingest\/logs: the client closed the connection after \d+ bytes of the body; nothing stored$/,
    );
    expect(server.output().slice(before)).not.toMatch(/unexpected error|Error: aborted|\n\s+at /);
    // A later record is stored; the cut one never is.
    const after = JSON.stringify({ log_id: 'cut-2', log_type: 'api_request', level: 'INFO', logged_at: '2026-06-01 10:00:00' });
    expect((await post('logs', after)).status).toBe(200);
    await eventually(async () =>
      expect(await sqlRows(db, "SELECT log_id FROM logs WHERE log_id LIKE 'cut-%'")).toEqual([{ log_id: 'cut-2' }]),
    );
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a key is over its rate', async () => {
    let server: RunningServer | undefined;
    const store = await openDuckDbStore({ path: join(dir, 'rate.duckdb') });
    const services = await createIngestServices({ store, logDir: join(dir, 'rate.ingest'), rateLimit: { ratePerSecond: 1, burst: 2 } });
    try {
      const { key, record } = generateApiKey('ingest', 'tight');
      await store.createApiKey(record);
      const app = createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test', ingest: services.ingest });
      const front = ingestEndpoint({ ingest: services.ingest, timeZone: 'Asia/Shanghai' });
      server = await startServer(app, '127.0.0.1', 0, { front });
      const url = server.url;
      const send = () =>
        fetch(`${url}/api/v1/ingest/logs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}` },
          body: JSON.stringify({ log_id: `l${Math.random()}`, log_type: 'api_request', level: 'INFO', logged_at: '2026-06-01 10:00:00' }),
        });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the verifier re-reads new keys at most once a second
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send()).status);
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await server?.close();
      await services.close();
      await store.close();
    }
  });
});

describe('durability', () => {
  it('answers the requests in flight and stores them when stopped with SIGTERM', async () => {
    const db = join(dir, 'term.duckdb');
    const key = (JSON.parse((await runCli(['keys', 'create', '--scope', 'ingest', '--db', db, '--json'])).stdout) as { key: string }).key;
    const server = await startServe(['--db', db, '--no-demo']);
    const requests = Array.from({ length: 40 }, (_, i) =>
      fetch(`${server.url}/api/v1/ingest/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: Array.from({ length: 50 }, (_, j) => JSON.stringify(order(`t${i}-${j}`))).join('\n'),
      })
        .then((response) => response.status)
        .catch(() => 0),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const exit = stop(server.child);
    const statuses = await Promise.all(requests);
    expect(await exit).toBe(0);
    const answered = statuses.filter((status) => status === 200).length;
    expect(answered).toBeGreaterThan(0);
    const stored = JSON.parse((await runCli(['sql', 'SELECT count(*) AS n FROM orders', '--db', db, '--json'])).stdout) as {
      table: { rows: { n: number }[] };
    };
    // Every answered request is stored; a request cut before it was read stored nothing (0 = refused).
    expect(stored.table.rows[0]!.n).toBeGreaterThanOrEqual(answered * 50);
    expect(statuses.every((status) => status === 200 || status === 0 || status === 503)).toBe(true);
  });

  it('loses no acknowledged record and stores none twice when the server is killed and clients retry', async () => {
    const db = join(dir, 'kill.duckdb');
    const created = await runCli(['keys', 'create', '--scope', 'ingest', '--db', db, '--json']);
    const key = (JSON.parse(created.stdout) as { key: string }).key;
    const total = 50_000;
    const ids = Array.from({ length: total }, (_, i) => `k${i}`);
    const acknowledged = new Set<string>();
    const send = async (url: string, batch: string[]) => {
      const response = await fetch(`${url}/api/v1/ingest/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: batch.map((id) => JSON.stringify(order(id))).join('\n'),
      });
      if (response.status !== 200) return false;
      for (const id of batch) acknowledged.add(id);
      return true;
    };
    let server = await startServe(['--db', db, '--no-demo']);
    const batches: string[][] = [];
    for (let i = 0; i < total; i += 25) batches.push(ids.slice(i, i + 25));
    // Eight clients send concurrently; the server is killed while they are at it. Acknowledged records
    // are in the ingest log; those not yet merged are merged when the server starts again.
    let next = 0;
    const client = async (url: string) => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await send(url, batch).catch(() => false);
      }
    };
    const killer = new Promise<void>((resolve) =>
      setTimeout(() => {
        server.child.kill('SIGKILL');
        resolve();
      }, 700),
    );
    await Promise.all([...Array.from({ length: 8 }, () => client(server.url)), killer]);
    if (server.child.exitCode === null && server.child.signalCode === null)
      await new Promise((resolve) => server.child.once('exit', resolve));
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(total);

    server = await startServe(['--db', db, '--no-demo']);
    try {
      const count = async () =>
        Number(
          JSON.parse(
            (await runCli(['sql', 'SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders', '--db', db, '--json'])).stdout,
          ).table.rows[0].n,
        );
      const stored = JSON.parse(
        (await runCli(['sql', 'SELECT order_id FROM orders', '--db', db, '--json', '--row-limit', '100000'])).stdout,
      ) as { table: { rows: { order_id: string }[] } };
      const storedIds = new Set(stored.table.rows.map((r) => r.order_id));
      for (const id of acknowledged) expect(storedIds.has(id), id).toBe(true);
      // The kill left acknowledged batches in the log that were not merged yet; the restart merged them.
      expect(server.output()).toMatch(/merging \d+ acknowledged ingest batches/);
      // Clients retry everything not acknowledged, with the same ids.
      const retry = batches.filter((batch) => batch.some((id) => !acknowledged.has(id)));
      for (let i = 0; i < retry.length; i += 8)
        expect(await Promise.all(retry.slice(i, i + 8).map((batch) => send(server.url, batch)))).toEqual(
          retry.slice(i, i + 8).map(() => true),
        );
      await new Promise((resolve) => setTimeout(resolve, 1500)); // merged from the log within about a second
      expect(await count()).toBe(total);
      const distinct = JSON.parse((await runCli(['sql', 'SELECT count(DISTINCT order_id) AS d FROM orders', '--db', db, '--json'])).stdout)
        .table.rows[0].d;
      expect(distinct).toBe(total);
    } finally {
      await stop(server.child);
    }
  });
});
