import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import { respondWithError } from '../api-error.ts';
import { issueApiKey, parseApiKey } from './api-keys.ts';
import { createKeyVerifier, type KeyVerifier } from './create-key-verifier.ts';
import { createRateLimiter } from './create-rate-limiter.ts';
import { authorizeIngestKey } from './authorize-ingest-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-ingest-key-'));
let store: Store;
const verifiers: KeyVerifier[] = [];
let clock = 0;

beforeAll(async () => {
  store = await openDuckDbStore({ path: join(dir, 'middleware.duckdb') });
});
afterAll(async () => {
  await Promise.all(verifiers.map((verifier) => verifier.close()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A tiny app: the check on an ingest route, the one error handler (which applies the refusal's headers). */
function createTestApp() {
  const verifier = createKeyVerifier({ store });
  verifiers.push(verifier);
  const limiter = createRateLimiter({ ratePerSecond: 1, burst: 3, now: () => clock });
  const authorize = authorizeIngestKey({ verifier, limiter });
  const app = new Hono();
  app.onError((error, c) => respondWithError(error, c, () => undefined));
  app.post('/ingest', async (c) => c.json({ accepted: true, key: await authorize(c.req.header('authorization')) }));
  return Object.assign(app, { verifier });
}

const send = (app: Hono, authorization?: string) =>
  app.request('/ingest', { method: 'POST', body: '{}', headers: authorization ? { authorization } : {} });

describe('authorizeIngestKey', () => {
  it('refuses a request without a key with 401, the one error shape and WWW-Authenticate', async () => {
    const response = await send(createTestApp());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/missing API key/) } });
  });

  it('refuses a wrong key with 401 without repeating it', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    const secret = parseApiKey(created.key)!.secret;
    const wrong = `${created.key.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
    const response = await send(createTestApp(), `Bearer ${wrong}`);
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'unauthorized', message: 'unknown API key' } });
    expect(text).not.toContain(wrong.slice(-43));
  });

  it('lets a good key through and tells the handler which key it was', async () => {
    const created = await issueApiKey(store, { scope: 'ingest', name: 'box office' });
    const response = await send(createTestApp(), `Bearer ${created.key}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: true, key: { id: created.id, name: 'box office', scope: 'ingest' } });
  });

  it('refuses a revoked key with 401 once the verifier is told', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    const app = createTestApp();
    expect((await send(app, `Bearer ${created.key}`)).status).toBe(200);
    await store.revokeApiKey(created.id, new Date());
    app.verifier.invalidate(created.id);
    const response = await send(app, `Bearer ${created.key}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: `API key ${created.id} was revoked` } });
  });

  it('answers 429 with Retry-After after the burst, per key, and lets the key in again after waiting', async () => {
    const [a, b] = [await issueApiKey(store, { scope: 'ingest' }), await issueApiKey(store, { scope: 'ingest' })];
    const app = createTestApp();
    for (let i = 0; i < 3; i++) expect((await send(app, `Bearer ${a.key}`)).status).toBe(200);
    const limited = await send(app, `Bearer ${a.key}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining(a.id) } });
    expect((await send(app, `Bearer ${b.key}`)).status).toBe(200);
    clock += 1_000;
    expect((await send(app, `Bearer ${a.key}`)).status).toBe(200);
  });
});
