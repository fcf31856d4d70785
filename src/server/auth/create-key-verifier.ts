/**
 * Checks `Authorization: Bearer <key>` headers against the stored API keys without a store read per
 * request: the (small) key table is cached, and last-used times are collected in memory and written
 * in batches.
 */
import type { ApiKeyRecord, Store } from '../../store/store.ts';
import { parseApiKey, verifySecret, type ApiKeyScope } from './api-keys.ts';

/** A key that passed: who is calling. */
export interface VerifiedKey {
  readonly id: string;
  readonly name: string;
  readonly scope: string;
}

export type KeyCheck = { readonly ok: true; readonly key: VerifiedKey } | { readonly ok: false; readonly reason: string };

export interface KeyVerifierOptions {
  readonly store: Pick<Store, 'listApiKeys' | 'touchApiKeys'>;
  /** How long the key list is trusted, in ms; a revocation made elsewhere shows within this time. */
  readonly cacheMs?: number;
  /** How often last-used times are written, at most, in ms. */
  readonly touchEveryMs?: number;
  readonly now?: () => Date;
  /** Told when writing last-used times fails (they are kept and tried again). */
  readonly log?: (message: string) => void;
}

export interface KeyVerifier {
  /** Checks a header for a live key of `scope`; a refusal says why, never repeating the secret. */
  verify(authorizationHeader: string | undefined, scope: ApiKeyScope): Promise<KeyCheck>;
  /** Drops the cached keys (all of them: the table is small), so the next request reads them again. */
  invalidate(id?: string): void;
  /** Writes the last-used times collected so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  close(): Promise<void>;
}

/** Unknown ids re-read the table at most this often, so requests with made-up keys cannot hammer the store. */
const MISS_RELOAD_MS = 1000;

/**
 * Builds a verifier over the store's keys.
 *
 * @example
 * const verifier = createKeyVerifier({ store });
 * const check = await verifier.verify(c.req.header('authorization'), 'ingest');
 */
export function createKeyVerifier(options: KeyVerifierOptions): KeyVerifier {
  const { store, cacheMs = 10_000, touchEveryMs = 5_000, now = () => new Date(), log = console.error } = options;
  let keys: Map<string, ApiKeyRecord> | undefined;
  let loadedAt = Number.NEGATIVE_INFINITY;
  let generation = 0;
  let loading: Promise<Map<string, ApiKeyRecord>> | undefined;
  const lastUsed = new Map<string, Date>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const load = (): Promise<Map<string, ApiKeyRecord>> => {
    // Concurrent requests share one read.
    const started = generation;
    loading ??= store
      .listApiKeys()
      .then((list) => {
        keys = new Map(list.map((key) => [key.id, key]));
        // A read that raced an invalidation may predate it: use it once, trust it no longer.
        loadedAt = started === generation ? now().getTime() : Number.NEGATIVE_INFINITY;
        return keys;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const lookUp = async (id: string): Promise<ApiKeyRecord | undefined> => {
    const age = now().getTime() - loadedAt;
    if (!keys || age >= cacheMs) return (await load()).get(id);
    const found = keys.get(id);
    // Maybe created since the list was read (by another process): read again, but not too often.
    if (found || age < MISS_RELOAD_MS) return found;
    return (await load()).get(id);
  };

  const writeLastUsed = async (): Promise<void> => {
    if (lastUsed.size === 0) return;
    const batch = new Map(lastUsed);
    lastUsed.clear();
    try {
      await store.touchApiKeys(batch);
    } catch (error) {
      // Keep what was not written (unless a later use replaced it) for the next attempt.
      for (const [id, at] of batch) if (!lastUsed.has(id)) lastUsed.set(id, at);
      throw error;
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing = flushing.then(writeLastUsed, writeLastUsed);
    return flushing;
  };

  const scheduleTouch = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch((error: unknown) => log(`could not record API key use: ${error instanceof Error ? error.message : String(error)}`));
    }, touchEveryMs);
    timer.unref();
  };

  return {
    async verify(header, scope) {
      if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing API key: send "Authorization: Bearer <key>"' };
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return { ok: false, reason: 'the Authorization header must be "Bearer <key>"' };
      const parsed = parseApiKey(match[1]!);
      if (!parsed) return { ok: false, reason: 'malformed API key: expected fsk_<id>_<secret>' };
      const record = await lookUp(parsed.id);
      // An unknown id and a wrong secret read the same, so guessing learns nothing about which ids exist.
      if (!record || !verifySecret(parsed.secret, record.secretHash)) return { ok: false, reason: 'unknown API key' };
      if (record.revokedAt) return { ok: false, reason: `API key ${record.id} was revoked` };
      if (record.scope !== scope) return { ok: false, reason: `API key ${record.id} has scope ${record.scope}, not ${scope}` };
      lastUsed.set(record.id, now());
      scheduleTouch();
      return { ok: true, key: { id: record.id, name: record.name, scope: record.scope } };
    },

    invalidate() {
      generation++;
      loadedAt = Number.NEGATIVE_INFINITY;
    },

    flush,

    async close() {
      await flush();
    },
  };
}
