import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import { generateApiKey, issueApiKey } from './api-keys.ts';
import { createKeyVerifier } from './create-key-verifier.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-key-verifier-'));
let store: Store;
beforeAll(async () => {
  store = await openDuckDbStore({ path: join(dir, 'verifier.duckdb') });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real store, counting key-table reads, on a clock the test moves. */
function setUp(options: { cacheMs?: number; touchEveryMs?: number } = {}) {
  let clock = Date.parse('2026-04-01T08:00:00Z');
  const reads = { count: 0 };
  const counted = {
    listApiKeys: () => {
      reads.count++;
      return store.listApiKeys();
    },
    touchApiKeys: (lastUsed: ReadonlyMap<string, Date>) => store.touchApiKeys(lastUsed),
  };
  const verifier = createKeyVerifier({ store: counted, ...options, now: () => new Date(clock) });
  return { verifier, reads, advance: (ms: number) => (clock += ms), now: () => new Date(clock) };
}

const bearer = (key: string) => `Bearer ${key}`;

describe('createKeyVerifier', () => {
  it('accepts a live ingest key and says who is calling', async () => {
    const created = await issueApiKey(store, { scope: 'ingest', name: 'tills' });
    const { verifier } = setUp();
    expect(await verifier.verify(bearer(created.key), 'ingest')).toEqual({
      ok: true,
      key: { id: created.id, name: 'tills', scope: 'ingest' },
    });
    expect((await verifier.verify(`bearer   ${created.key}`, 'ingest')).ok).toBe(true);
    await verifier.close();
  });

  it('says what is wrong with a refused header, never repeating the secret', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    const wrongSecret = `${created.key.slice(0, -4)}${created.key.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const { verifier } = setUp();
    const reason = async (header: string | undefined) => {
      const check = await verifier.verify(header, 'ingest');
      expect(check.ok).toBe(false);
      return check.ok ? '' : check.reason;
    };
    expect(await reason(undefined)).toMatch(/missing API key/);
    expect(await reason('  ')).toMatch(/missing API key/);
    expect(await reason(`Basic ${created.key}`)).toMatch(/must be "Bearer <key>"/);
    expect(await reason('Bearer not-a-key')).toMatch(/malformed API key/);
    expect(await reason(bearer(wrongSecret))).toBe('unknown API key');
    expect(await reason(bearer(`fsk_000000000000_${'A'.repeat(43)}`))).toBe('unknown API key');
    const reasons = [await reason(bearer(wrongSecret)), await reason('Bearer not-a-key')];
    expect(reasons.join(' ')).not.toContain(wrongSecret.slice(-43));
    await verifier.close();
  });

  it('refuses a key of another scope', async () => {
    const { key, record } = generateApiKey('ingest');
    await store.createApiKey({ ...record, scope: 'read' });
    const { verifier } = setUp();
    expect(await verifier.verify(bearer(key), 'ingest')).toEqual({ ok: false, reason: `API key ${record.id} has scope read, not ingest` });
    await verifier.close();
  });

  it('reads the key table once per cache period, not once per request', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    const { verifier, reads, advance } = setUp({ cacheMs: 10_000 });
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(bearer(created.key), 'ingest')));
    expect(reads.count).toBe(1);
    advance(9_000);
    await verifier.verify(bearer(created.key), 'ingest');
    expect(reads.count).toBe(1);
    advance(1_000);
    await verifier.verify(bearer(created.key), 'ingest');
    expect(reads.count).toBe(2);
    await verifier.close();
  });

  it('sees a revocation at once after invalidate, and within the cache period without it', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    const { verifier, now } = setUp({ cacheMs: 10_000 });
    expect((await verifier.verify(bearer(created.key), 'ingest')).ok).toBe(true);
    await store.revokeApiKey(created.id, now());
    expect((await verifier.verify(bearer(created.key), 'ingest')).ok).toBe(true);
    verifier.invalidate(created.id);
    expect(await verifier.verify(bearer(created.key), 'ingest')).toEqual({ ok: false, reason: `API key ${created.id} was revoked` });

    const other = await issueApiKey(store, { scope: 'ingest' });
    const second = setUp({ cacheMs: 10_000 });
    expect((await second.verifier.verify(bearer(other.key), 'ingest')).ok).toBe(true);
    await store.revokeApiKey(other.id, now());
    second.advance(10_000);
    expect((await second.verifier.verify(bearer(other.key), 'ingest')).ok).toBe(false);
    await Promise.all([verifier.close(), second.verifier.close()]);
  });

  it('finds a key created after the list was cached, re-reading at most once a second for unknown ids', async () => {
    const { verifier, reads, advance } = setUp({ cacheMs: 60_000 });
    const first = await issueApiKey(store, { scope: 'ingest' });
    await verifier.verify(bearer(first.key), 'ingest');
    expect(reads.count).toBe(1);
    const later = await issueApiKey(store, { scope: 'ingest' });
    // Within a second of the last read, an unknown id does not reach the store.
    expect((await verifier.verify(bearer(later.key), 'ingest')).ok).toBe(false);
    expect(reads.count).toBe(1);
    advance(1_000);
    for (let i = 0; i < 50; i++) await verifier.verify(bearer(`fsk_${String(i).padStart(12, '0')}_${'A'.repeat(43)}`), 'ingest');
    expect(reads.count).toBe(2);
    expect((await verifier.verify(bearer(later.key), 'ingest')).ok).toBe(true);
    expect(reads.count).toBe(2);
    await verifier.close();
  });

  it('writes last-used times in one batch on flush, and on close', async () => {
    const a = await issueApiKey(store, { scope: 'ingest' });
    const b = await issueApiKey(store, { scope: 'ingest' });
    const { verifier, advance, now } = setUp({ touchEveryMs: 60_000 });
    const touch = vi.spyOn(store, 'touchApiKeys');
    try {
      await verifier.verify(bearer(a.key), 'ingest');
      advance(1_500);
      await verifier.verify(bearer(a.key), 'ingest');
      const aUsed = now();
      await verifier.verify(bearer(b.key), 'ingest');
      const lastUsed = async (id: string) => (await store.listApiKeys()).find((k) => k.id === id)?.lastUsedAt ?? null;
      expect(await lastUsed(a.id)).toBeNull();
      await verifier.flush();
      expect(touch).toHaveBeenCalledTimes(1);
      expect(await lastUsed(a.id)).toEqual(aUsed);
      expect(await lastUsed(b.id)).toEqual(aUsed);
      await verifier.flush();
      expect(touch).toHaveBeenCalledTimes(1);

      advance(2_000);
      await verifier.verify(bearer(b.key), 'ingest');
      await verifier.close();
      expect(await lastUsed(b.id)).toEqual(now());
      expect(await lastUsed(a.id)).toEqual(aUsed);
    } finally {
      touch.mockRestore();
    }
  });

  it('writes last-used times by itself every touchEveryMs', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    const { verifier, now } = setUp({ touchEveryMs: 20 });
    await verifier.verify(bearer(created.key), 'ingest');
    await vi.waitFor(async () => expect((await store.listApiKeys()).find((k) => k.id === created.id)?.lastUsedAt).toEqual(now()), {
      timeout: 5_000,
    });
    await verifier.close();
  });

  it('keeps last-used times a failed write could not store, for the next flush', async () => {
    const created = await issueApiKey(store, { scope: 'ingest' });
    let fail = true;
    const verifier = createKeyVerifier({
      store: {
        listApiKeys: () => store.listApiKeys(),
        touchApiKeys: async (lastUsed) => {
          if (fail) throw new Error('disk full');
          await store.touchApiKeys(lastUsed);
        },
      },
      touchEveryMs: 60_000,
      log: () => undefined,
    });
    await verifier.verify(bearer(created.key), 'ingest');
    await expect(verifier.flush()).rejects.toThrow('disk full');
    fail = false;
    await verifier.flush();
    expect((await store.listApiKeys()).find((k) => k.id === created.id)?.lastUsedAt).not.toBeNull();
    await verifier.close();
  });
});
