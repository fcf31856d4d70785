import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import {
  generateApiKey,
  issueApiKey,
  parseApiKey,
  parseKeyRequest,
  revokeStoredKey,
  toApiKeyView,
  toKeyId,
  verifySecret,
} from './api-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-api-keys-'));
let store: Store;
beforeAll(async () => {
  store = await openDuckDbStore({ path: join(dir, 'keys.duckdb') });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('generateApiKey', () => {
  it('makes fsk_<12 hex id>_<43-character base64url secret> keys, each different', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey('ingest', 'gates'));
    for (const { key, record } of keys) {
      expect(key).toMatch(/^fsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(key.startsWith(`fsk_${record.id}_`)).toBe(true);
      expect(record).toMatchObject({ name: 'gates', scope: 'ingest' });
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(50);
    expect(new Set(keys.map((k) => k.record.id)).size).toBe(50);
  });

  it('keeps only the SHA-256 of the secret in the record, never the secret', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const { key, record } = generateApiKey('ingest', undefined, now);
    const secret = parseApiKey(key)!.secret;
    expect(record.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(record.createdAt).toBe(now);
    expect(record.name).toBe('');
  });
});

describe('parseApiKey', () => {
  it('splits a key into id and secret, even when the secret has underscores', () => {
    const secret = `${'a_'.repeat(21)}Z`;
    expect(parseApiKey(`fsk_0123456789ab_${secret}`)).toEqual({ id: '0123456789ab', secret });
    expect(parseApiKey(`  fsk_0123456789ab_${secret}\n`)).toEqual({ id: '0123456789ab', secret });
  });

  it('refuses anything not shaped like a key', () => {
    const secret = 'A'.repeat(43);
    for (const text of [
      '',
      'fsk_',
      `fsk_0123456789a_${secret}`,
      `fsk_0123456789AB_${secret}`,
      `fsk_0123456789ab_${secret}A`,
      `fsk_0123456789ab_${'A'.repeat(42)}`,
      `xsk_0123456789ab_${secret}`,
      `fsk_0123456789ab_${'A'.repeat(42)}=`,
      `fsk_0123456789ab-${secret}`,
    ]) {
      expect(parseApiKey(text), text).toBeUndefined();
    }
  });
});

describe('verifySecret', () => {
  it('accepts the secret of the hash and nothing else', () => {
    const { key, record } = generateApiKey('ingest');
    const { secret } = parseApiKey(key)!;
    expect(verifySecret(secret, record.secretHash)).toBe(true);
    expect(verifySecret(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, record.secretHash)).toBe(false);
    expect(verifySecret(secret, record.secretHash.slice(2))).toBe(false);
    expect(verifySecret(secret, 'not hex at all')).toBe(false);
  });
});

describe('toKeyId', () => {
  it('takes an id, or the id out of a whole key pasted by mistake', () => {
    const { key, record } = generateApiKey('ingest');
    expect(toKeyId(record.id)).toBe(record.id);
    expect(toKeyId(key)).toBe(record.id);
    expect(toKeyId('fsk_short')).toBeUndefined();
    expect(toKeyId('../../etc')).toBeUndefined();
  });
});

describe('parseKeyRequest', () => {
  it('accepts the ingest scope with an optional, trimmed name', () => {
    expect(parseKeyRequest({ scope: 'ingest' })).toEqual({ ok: true, scope: 'ingest', name: '' });
    expect(parseKeyRequest({ scope: 'ingest', name: '  north gate ' })).toEqual({ ok: true, scope: 'ingest', name: 'north gate' });
  });

  it('names the field and the problem', () => {
    expect(parseKeyRequest({})).toEqual({ ok: false, field: 'scope', problem: 'is required (one of: ingest)' });
    expect(parseKeyRequest({ scope: 'admin' })).toEqual({ ok: false, field: 'scope', problem: 'must be one of: ingest; got "admin"' });
    expect(parseKeyRequest({ scope: 'ingest', name: 7 })).toMatchObject({ ok: false, field: 'name' });
    expect(parseKeyRequest({ scope: 'ingest', name: 'x'.repeat(101) })).toMatchObject({ ok: false, field: 'name' });
    expect(parseKeyRequest({ scope: 'ingest', name: 'a\nb' })).toMatchObject({ ok: false, field: 'name' });
  });
});

describe('keys in a real store', () => {
  it('stores the hash, shows no hash, and revokes once', async () => {
    const created = await issueApiKey(store, { scope: 'ingest', name: 'pos' }, new Date('2026-03-01T00:00:00Z'));
    const secret = parseApiKey(created.key)!.secret;
    const stored = (await store.listApiKeys()).find((k) => k.id === created.id)!;
    expect(stored.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(await store.listApiKeys())).not.toContain(secret);
    expect(toApiKeyView(stored)).toEqual({
      id: created.id,
      name: 'pos',
      scope: 'ingest',
      createdAt: '2026-03-01T00:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });

    expect(await revokeStoredKey(store, created.id, new Date('2026-03-02T00:00:00Z'))).toBe('revoked');
    expect(await revokeStoredKey(store, created.id, new Date('2026-03-03T00:00:00Z'))).toBe('revoked');
    expect(await revokeStoredKey(store, '000000000000')).toBe('not_found');
    const revoked = (await store.listApiKeys()).find((k) => k.id === created.id)!;
    expect(revoked.revokedAt?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
});
