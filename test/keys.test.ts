/**
 * API keys as users manage them: `flowsight keys create|list|revoke` on a database file and through a
 * running server (same output), and the admin routes behind the latter.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../src/cli/cli-error.ts';
import { keysCommand } from '../src/cli/commands/keys.ts';
import { parseApiKey, type ApiKeyView } from '../src/server/auth/api-keys.ts';
import { respondWithError } from '../src/server/api-error.ts';
import { keyRoutes } from '../src/server/routes/keys.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `flowsight keys …` in this process, with the exit code `main` would give. */
async function keys(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const command = keysCommand({
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  try {
    await command.exitOverride().parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CliError || error instanceof CommanderError)
      return { code: error.exitCode, stdout, stderr: stderr + error.message };
    throw error;
  }
}

const listJson = async (db: string) => {
  const run = await keys(['list', '--db', db, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { keys: ApiKeyView[] }).keys;
};

describe('flowsight keys on a database file', () => {
  const db = join(dir, 'local.duckdb');

  it('prints a new key alone on stdout, once, and says so on stderr', async () => {
    const run = await keys(['create', '--scope', 'ingest', '--name', 'gate scanners', '--db', db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^fsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
    expect(run.stderr).toMatch(/only time the key is shown/);
    const { id, secret } = parseApiKey(run.stdout)!;
    expect(run.stderr).toContain(id);
    expect(run.stderr).not.toContain(secret);

    const listed = await listJson(db);
    expect(listed).toEqual([
      { id, name: 'gate scanners', scope: 'ingest', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const store = await openDuckDbStore({ path: db });
    try {
      const [stored] = await store.listApiKeys();
      expect(stored?.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    } finally {
      await store.close();
    }
  });

  it('prints { key, id, name, scope } with --json', async () => {
    const run = await keys(['create', '--scope', 'ingest', '--db', db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.keys(created)).toEqual(['key', 'id', 'name', 'scope']);
    expect(created).toMatchObject({ name: '', scope: 'ingest' });
    expect(parseApiKey(created.key!)?.id).toBe(created.id);
  });

  it('lists keys as a table and revokes one, by id or by the whole key pasted', async () => {
    const [first, second] = await listJson(db);
    const table = await keys(['list', '--db', db]);
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+name\s+scope\s+created \(UTC\)\s+last used \(UTC\)\s+revoked \(UTC\)$/);
    expect(table.stdout).toContain(`${first!.id}  gate scanners  ingest`);

    const revoked = await keys(['revoke', first!.id, '--db', db]);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked API key ${first!.id}\n` });
    const again = await keys(['revoke', first!.id, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ id: first!.id, revoked: true });

    const pasted = await keys(['create', '--scope', 'ingest', '--db', db]);
    const { id: pastedId, secret } = parseApiKey(pasted.stdout)!;
    const byKey = await keys(['revoke', pasted.stdout.trim(), '--db', db]);
    expect(byKey).toMatchObject({ code: 0, stdout: `revoked API key ${pastedId}\n` });
    expect(byKey.stdout + byKey.stderr).not.toContain(secret);

    const after = await listJson(db);
    expect(after.find((k) => k.id === first!.id)?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(after.find((k) => k.id === second!.id)?.revokedAt).toBeNull();
    expect((await keys(['list', '--db', db])).stdout).toMatch(new RegExp(`${first!.id}.*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\n`));
  });

  it('refuses a bad scope, a bad name and a bad id with exit code 2, never echoing a pasted key', async () => {
    expect(await keys(['create', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--scope is required/) });
    expect(await keys(['create', '--scope', 'admin', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--scope must be one of: ingest; got "admin"/),
    });
    expect((await keys(['create', '--scope', 'ingest', '--name', 'x'.repeat(101), '--db', db])).code).toBe(2);
    const junk = 'fsk_123_not-quite-a-key-but-secret-looking';
    const bad = await keys(['revoke', junk, '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('secret-looking');
    expect(await keys(['revoke', '0123456789ab', '--db', db])).toMatchObject({ code: 1, stderr: 'no API key 0123456789ab' });
  });

  it('documents every subcommand in --help', () => {
    const command = keysCommand();
    expect(command.helpInformation()).toMatch(/create[\s\S]*list[\s\S]*revoke/);
    const help = (name: string) => command.commands.find((c) => c.name() === name)!.helpInformation();
    expect(help('create')).toMatch(/--scope <scope> +what the key may do: ingest/);
    for (const option of ['--name <name>', '--json', '--db <path>']) expect(help('create')).toContain(option);
    expect(help('list')).toMatch(/--json/);
    expect(help('revoke')).toMatch(/<id>/);
  });
});

describe('/api/v1/keys', () => {
  const token = 'admin-token-for-tests';
  let store: Store;
  let app: Hono;
  const revokedIds: string[] = [];

  beforeAll(async () => {
    store = await openDuckDbStore({ path: join(dir, 'routes.duckdb') });
    // The routes alone, behind the app's one error handler (app.ts may or may not mount them too).
    app = new Hono();
    app.onError((error, c) => respondWithError(error, c, () => undefined));
    app.route('/api/v1', keyRoutes({ store, adminToken: token, onRevoke: (id) => revokedIds.push(id) }));
  });
  afterAll(async () => store?.close());

  const call = (method: string, path: string, body?: unknown, auth = `Bearer ${token}`) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('needs the administrative token', async () => {
    for (const [method, path, body] of [
      ['GET', '/keys', undefined],
      ['POST', '/keys', { scope: 'ingest' }],
      ['DELETE', '/keys/0123456789ab', undefined],
    ] as const) {
      const response = await call(method, path, body, 'Bearer wrong');
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: 'unauthorized', message: 'managing API keys needs the administrative bearer token' },
      });
    }
    expect(await store.listApiKeys()).toEqual([]);
  });

  it('creates a key (201, the key once), lists it without the hash, and revokes it', async () => {
    const created = await call('POST', '/keys', { scope: 'ingest', name: 'mini program' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { key: string; id: string };
    expect(body).toEqual({
      key: expect.stringMatching(/^fsk_/),
      id: expect.any(String),
      name: 'mini program',
      scope: 'ingest',
      createdAt: expect.any(String),
    });

    const listed = await (await call('GET', '/keys')).text();
    expect(JSON.parse(listed)).toEqual({
      keys: [{ id: body.id, name: 'mini program', scope: 'ingest', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null }],
    });
    expect(listed).not.toMatch(/hash|fsk_/i);

    const deleted = await call('DELETE', `/keys/${body.id}`);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: body.id, revoked: true });
    expect(revokedIds).toEqual([body.id]);
    expect((await store.listApiKeys())[0]?.revokedAt).toBeInstanceOf(Date);
  });

  it('answers bad requests and unknown keys in the one error shape', async () => {
    const badScope = await call('POST', '/keys', { scope: 'read' });
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toEqual({ error: { code: 'invalid_body', message: 'scope must be one of: ingest; got "read"' } });
    expect((await call('POST', '/keys', [1, 2])).status).toBe(400);
    const unknown = await call('DELETE', '/keys/0123456789ab');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'no API key 0123456789ab' } });
    const pasted = await call('DELETE', '/keys/fsk_nonsense_sEcReT');
    expect(pasted.status).toBe(404);
    expect(await pasted.text()).not.toContain('sEcReT');
  });
});

/**
 * A server like `flowsight serve` (advertised beside the database, admin token) with the key routes
 * wired as app.ts should, and a probe route behind the ingest key check, so the CLI's through-server path and the key's life can be tested end to end.
 */
function startWiredServer(db: string): Promise<{ child: ChildProcess; url: string }> {
  const src = (path: string) => new URL(`../src/${path}`, import.meta.url).href;
  const script = `
    const { openDuckDbStore } = await import(${JSON.stringify(src('store/duckdb/duckdb-store.ts'))});
    const { Hono } = await import('hono');
    const { respondWithError } = await import(${JSON.stringify(src('server/api-error.ts'))});
    const { keyRoutes } = await import(${JSON.stringify(src('server/routes/keys.ts'))});
    const { createKeyVerifier } = await import(${JSON.stringify(src('server/auth/create-key-verifier.ts'))});
    const { createRateLimiter } = await import(${JSON.stringify(src('server/auth/create-rate-limiter.ts'))});
    const { authorizeIngestKey } = await import(${JSON.stringify(src('server/auth/authorize-ingest-key.ts'))});
    const { startServer } = await import(${JSON.stringify(src('server/start-server.ts'))});
    const { writeServerInfo, removeServerInfo } = await import(${JSON.stringify(src('server/server-info.ts'))});
    const db = process.env.KEYS_TEST_DB;
    const token = 'wired-admin-token';
    const store = await openDuckDbStore({ path: db });
    const verifier = createKeyVerifier({ store, touchEveryMs: 20 });
    const app = new Hono();
    app.onError((error, c) => respondWithError(error, c));
    app.route('/api/v1', keyRoutes({ store, adminToken: token, onRevoke: (id) => verifier.invalidate(id) }));
    const authorize = authorizeIngestKey({ verifier, limiter: createRateLimiter({ ratePerSecond: 100, burst: 100 }) });
    app.post('/probe', async (c) => c.json(await authorize(c.req.header('authorization'))));
    const server = await startServer(app, '127.0.0.1', 0);
    await writeServerInfo(db, { pid: process.pid, url: server.url, token, db });
    process.stdout.write('serving at ' + server.url + '\\n');
    process.once('SIGTERM', async () => {
      await removeServerInfo(db);
      await server.close();
      await verifier.close();
      await store.close();
      process.exit(0);
    });
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, KEYS_TEST_DB: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (data: Buffer) => {
      out += data.toString();
      const match = /serving at (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

describe('flowsight keys through a running server', () => {
  it('manages keys through the server with the same output as on the file, and a revoked key is refused at once', async () => {
    const db = join(dir, 'served.duckdb');
    const server = await startWiredServer(db);
    let remoteTable: string;
    let remoteList: ApiKeyView[];
    try {
      const created = await keys(['create', '--scope', 'ingest', '--name', 'kiosks', '--db', db, '--json']);
      expect(created.code, created.stderr).toBe(0);
      const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };
      const probe = () => fetch(`${server.url}/probe`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });

      const accepted = await probe();
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ id, name: 'kiosks', scope: 'ingest' });
      await vi.waitFor(async () => expect((await listJson(db))[0]?.lastUsedAt).not.toBeNull(), { timeout: 5_000 });

      expect(await keys(['revoke', id, '--db', db])).toMatchObject({ code: 0, stdout: `revoked API key ${id}\n` });
      const refused = await probe();
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: { code: 'unauthorized', message: `API key ${id} was revoked` } });

      const unknown = await keys(['revoke', '0123456789ab', '--db', db]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/no API key 0123456789ab/);

      remoteList = await listJson(db);
      remoteTable = (await keys(['list', '--db', db])).stdout;
    } finally {
      await stop(server.child);
    }
    expect(remoteList).toEqual([
      {
        id: expect.any(String),
        name: 'kiosks',
        scope: 'ingest',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        revokedAt: expect.any(String),
      },
    ]);
    expect(await listJson(db)).toEqual(remoteList);
    expect((await keys(['list', '--db', db])).stdout).toBe(remoteTable);
  });

  it('works through a running `flowsight serve` with the same output', async () => {
    const db = join(dir, 'serve.duckdb');
    const server = await startServe(['--db', db, '--no-demo']);
    try {
      const created = await runCli(['keys', 'create', '--scope', 'ingest', '--name', 'real serve', '--db', db, '--json']);
      expect(created.code, created.stderr).toBe(0);
      const { id } = JSON.parse(created.stdout) as { id: string };
      const listed = await runCli(['keys', 'list', '--db', db, '--json']);
      expect((JSON.parse(listed.stdout) as { keys: ApiKeyView[] }).keys.map((k) => k.id)).toEqual([id]);
      expect(await runCli(['keys', 'revoke', id, '--db', db])).toMatchObject({ code: 0, stdout: `revoked API key ${id}\n` });
    } finally {
      await stop(server.child);
    }
    const local = await runCli(['keys', 'list', '--db', db, '--json']);
    expect((JSON.parse(local.stdout) as { keys: ApiKeyView[] }).keys[0]?.revokedAt).not.toBeNull();
  });
});
