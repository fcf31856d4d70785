import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { createApp } from './app.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-app-'));
let store: Store;
let app: ReturnType<typeof createApp>;
const token = 'test-token-123';

beforeAll(async () => {
  store = await openDuckDbStore({ path: join(dir, 'app.duckdb') });
  app = createApp({
    store,
    timeZone: 'Asia/Shanghai',
    rejectsDir: join(dir, 'rejects'),
    adminToken: token,
    version: '0.0.0-test',
    log: () => undefined,
  });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, auth = `Bearer ${token}`) =>
  app.request('/api/v1/imports', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { authorization: auth, 'content-type': 'application/json' },
  });

describe('the HTTP app', () => {
  it('refuses an import without the right token', async () => {
    const response = await post({ kind: 'orders', files: ['/x.csv'] }, 'Bearer wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'missing or wrong administrative token' } });
  });

  it('validates the import request and says what is wrong', async () => {
    const bad = await post({ kind: 'visitors', files: ['/x.csv'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('kind must be one of');
    const relative = await post({ kind: 'orders', files: ['x.csv'] });
    expect(((await relative.json()) as { error: { message: string } }).error.message).toBe(
      'files must be a non-empty array of absolute paths',
    );
    const notJson = await app.request('/api/v1/imports', { method: 'POST', body: 'nope', headers: { authorization: `Bearer ${token}` } });
    expect(notJson.status).toBe(400);
  });

  it('streams progress and then the outcome of an import', async () => {
    const file = join(dir, 'logs.csv');
    writeFileSync(
      file,
      '日志ID,日志类型,日志级别,日志信息,日志时间,日志源\nL1,API请求,INFO,GET /a 200,2024-01-01 08:00:00,API接口\nL2,系统错误,ERROR,db timeout,2024-01-01 08:00:01,服务器\n',
    );
    const response = await post({ kind: 'logs', files: [file] });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; outcome?: { ok: boolean; summary: { inserted: number } } });
    expect(lines.at(-1)).toMatchObject({ type: 'outcome', outcome: { ok: true, summary: { inserted: 2 } } });
    expect(lines.some((line) => line.type === 'progress')).toBe(true);
  });
});
