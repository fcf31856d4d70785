/**
 * API keys for machine clients (ingest now): `fsk_<id>_<secret>`. The id is public (it names the key
 * in lists and logs); only a hash of the secret is stored, and the whole key is shown once, when it
 * is created. The store operations at the end are shared by the admin routes and `flowsight keys`.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, Store } from '../../store/store.ts';

/** What a key may do. `ingest` is write-only: it can send data, never read it back. */
export const API_KEY_SCOPES = ['ingest'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const PREFIX = 'fsk_';
const KEY_PATTERN = /^fsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const MAX_NAME_LENGTH = 100;

/** A key as its creator receives it (the only time `key` exists outside the client). */
export interface NewApiKey {
  readonly key: string;
  readonly record: Omit<ApiKeyRecord, 'lastUsedAt' | 'revokedAt'>;
}

/** A stored key as the API and the CLI show it: never the hash; times as ISO text. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** What creating a key answers (`POST /api/v1/keys`). */
export interface CreatedApiKey {
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly scope: ApiKeyScope;
  readonly createdAt: string;
}

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly unknown[]).includes(value);
}

/**
 * SHA-256 of a secret, hex. The secret is 256 random bits, so no guessing attack can get anywhere
 * and a slow password hash (scrypt, bcrypt) would buy no safety while costing CPU on every ingest
 * request; a fast hash is enough to make a leaked table useless.
 */
export function hashSecret(secret: string): string {
  // One-shot: every ingest request hashes its key, and a Hash object per call costs four times as much.
  return hash('sha256', secret, 'hex');
}

/** Makes a new key: a random 12-hex-digit id and a 32-byte secret, of which only the hash is kept. */
export function generateApiKey(scope: ApiKeyScope, name = '', now = new Date()): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${PREFIX}${id}_${secret}`, record: { id, name, scope, secretHash: hashSecret(secret), createdAt: now } };
}

/** Splits a presented key into id and secret; undefined when it is not shaped like one of ours. */
export function parseApiKey(text: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(text.trim());
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/**
 * The key id in what a user typed to name a key: the id itself, or (pasted by mistake) the whole key.
 * Undefined when it is neither, so callers need not echo text that may hold a secret.
 */
export function toKeyId(text: string): string | undefined {
  const trimmed = text.trim();
  return /^[0-9a-f]{12}$/.test(trimmed) ? trimmed : parseApiKey(trimmed)?.id;
}

/** Whether `secret` hashes to `hash`, compared in constant time. */
export function verifySecret(secret: string, hash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** A refused key request: which field and what is wrong with it (callers name the field their way). */
export interface KeyRequestProblem {
  readonly ok: false;
  readonly field: 'scope' | 'name';
  readonly problem: string;
}

/** Checks what a caller asked to create (`--scope`/`--name`, or a POST body); problems are values. */
export function parseKeyRequest(input: {
  readonly scope?: unknown;
  readonly name?: unknown;
}): { ok: true; scope: ApiKeyScope; name: string } | KeyRequestProblem {
  const scopes = API_KEY_SCOPES.join(', ');
  if (input.scope === undefined) return { ok: false, field: 'scope', problem: `is required (one of: ${scopes})` };
  if (!isApiKeyScope(input.scope))
    return { ok: false, field: 'scope', problem: `must be one of: ${scopes}; got ${JSON.stringify(input.scope)}` };
  if (input.name === undefined || input.name === null) return { ok: true, scope: input.scope, name: '' };
  if (typeof input.name !== 'string') return { ok: false, field: 'name', problem: 'must be text' };
  const name = input.name.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name))
    return { ok: false, field: 'name', problem: `must be at most ${MAX_NAME_LENGTH} printable characters` };
  return { ok: true, scope: input.scope, name };
}

export function toApiKeyView(record: ApiKeyRecord): ApiKeyView {
  return {
    id: record.id,
    name: record.name,
    scope: record.scope,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/** Creates and stores a key; the answer is the only place its secret appears. */
export async function issueApiKey(
  store: Pick<Store, 'createApiKey'>,
  request: { readonly scope: ApiKeyScope; readonly name?: string },
  now = new Date(),
): Promise<CreatedApiKey> {
  const { key, record } = generateApiKey(request.scope, request.name, now);
  await store.createApiKey(record);
  return { key, id: record.id, name: record.name, scope: request.scope, createdAt: record.createdAt.toISOString() };
}

/** Revokes a key. Revoking a revoked key again changes nothing and is not an error (DELETE is idempotent). */
export async function revokeStoredKey(
  store: Pick<Store, 'revokeApiKey' | 'listApiKeys'>,
  id: string,
  at = new Date(),
): Promise<'revoked' | 'not_found'> {
  if (await store.revokeApiKey(id, at)) return 'revoked';
  return (await store.listApiKeys()).some((key) => key.id === id) ? 'revoked' : 'not_found';
}
