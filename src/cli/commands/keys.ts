/**
 * `flowsight keys create|list|revoke` — API keys for machine clients. Works on the database file, or
 * through the running server's admin routes when it holds the file, with the same output. A created
 * key goes to stdout alone (so `KEY=$(flowsight keys create --scope ingest)` works) and is never
 * shown again.
 */
import { Command } from 'commander';
import type { Store } from '../../store/store.ts';
import type { ServerInfo } from '../../server/server-info.ts';
import {
  API_KEY_SCOPES,
  issueApiKey,
  parseKeyRequest,
  revokeStoredKey,
  toApiKeyView,
  toKeyId,
  type ApiKeyView,
  type CreatedApiKey,
} from '../../server/auth/api-keys.ts';
import { renderTextTable } from '../../report/format/render-text-table.ts';
import { CliError } from '../cli-error.ts';
import { configFrom, lockWaitMs, USAGE_HINT, withClientOptions, type StoreFlags } from '../common-options.ts';
import { accessStore, callServer } from '../store-access.ts';

/** Where the command writes; tests pass their own. */
export interface KeysIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const defaultIo: KeysIo = { stdout: process.stdout, stderr: process.stderr };

/** Runs `local` on the store file, or `remote` against the server that holds it. */
async function withStore<T>(
  flags: StoreFlags,
  io: KeysIo,
  local: (store: Store) => Promise<T>,
  remote: (server: ServerInfo) => Promise<T>,
): Promise<T> {
  const access = await accessStore(configFrom(flags), { create: true, waitMs: lockWaitMs(flags), onWait: (message) => io.stderr.write(`${message}\n`) });
  if (access.mode === 'remote') return remote(access.server);
  try {
    return await local(access.store);
  } finally {
    await access.store.close();
  }
}

/** An ISO instant as `YYYY-MM-DD HH:mm:ss` (UTC), or null. */
const utc = (iso: string | null) => (iso === null ? null : iso.replace('T', ' ').slice(0, 19));

function keyTable(keys: readonly ApiKeyView[]): string {
  const column = (name: string, label: string) => ({ name, label, type: 'string' as const });
  return renderTextTable(
    {
      columns: [
        column('id', 'id'),
        column('name', 'name'),
        column('scope', 'scope'),
        column('created', 'created (UTC)'),
        column('lastUsed', 'last used (UTC)'),
        column('revoked', 'revoked (UTC)'),
      ],
      rows: keys.map((key) => ({
        id: key.id,
        name: key.name === '' ? null : key.name,
        scope: key.scope,
        created: utc(key.createdAt),
        lastUsed: utc(key.lastUsedAt),
        revoked: utc(key.revokedAt),
      })),
    },
    { header: 'label', locale: 'en' },
  );
}

export function keysCommand(io: KeysIo = defaultIo): Command {
  const json = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const keys = new Command('keys').description(
    'Manage API keys for machine clients. An ingest key is write-only: it can send data, never read it. Clients send it as "Authorization: Bearer <key>".',
  );

  const create = withClientOptions(
    new Command('create')
      .description('Create a key and print it once (only a hash is stored).')
      .option('--scope <scope>', `what the key may do: ${API_KEY_SCOPES.join(', ')} (write-only)`)
      .option('--name <name>', 'a label to recognise the key by in lists (who uses it, where)'),
  )
    .addHelpText('after', '\nexample:\n  flowsight keys create --scope ingest --name "gate scanners, north entrance"')
    .action(async (flags: StoreFlags & { scope?: string; name?: string }) => {
      const request = parseKeyRequest({ scope: flags.scope, name: flags.name });
      if (!request.ok) throw new CliError(`--${request.field} ${request.problem}`, 2);
      const created = await withStore<CreatedApiKey>(
        flags,
        io,
        (store) => issueApiKey(store, request),
        async (server) =>
          (await (
            await callServer(server, '/api/v1/keys', { method: 'POST', body: JSON.stringify({ scope: request.scope, name: request.name }) })
          ).json()) as CreatedApiKey,
      );
      if (flags.json) {
        json({ key: created.key, id: created.id, name: created.name, scope: created.scope });
        return;
      }
      io.stdout.write(`${created.key}\n`);
      io.stderr.write(
        `created ${created.scope} API key ${created.id}${created.name ? ` (${created.name})` : ''}. ` +
          'This is the only time the key is shown: store it now; it cannot be recovered, only revoked and replaced.\n',
      );
    });

  const list = withClientOptions(
    new Command('list').description('List the keys: id, name, scope, when created, last used and revoked (never the secrets).'),
  ).action(async (flags: StoreFlags) => {
    const found = await withStore<ApiKeyView[]>(
      flags,
      io,
      async (store) => (await store.listApiKeys()).map(toApiKeyView),
      async (server) => ((await (await callServer(server, '/api/v1/keys')).json()) as { keys: ApiKeyView[] }).keys,
    );
    if (flags.json) json({ keys: found });
    else if (found.length === 0) io.stdout.write('no API keys yet; create one with: flowsight keys create --scope ingest\n');
    else io.stdout.write(`${keyTable(found)}\n`);
  });

  const revoke = withClientOptions(
    new Command('revoke').description('Revoke a key: requests with it are refused from now on (revoking twice is harmless).'),
  )
    .argument('<id>', 'the key id, as `flowsight keys list` shows it')
    .action(async (text: string, flags: StoreFlags) => {
      // Never echo what was typed: it may be a whole key, secret included.
      const id = toKeyId(text);
      if (!id) throw new CliError('not an API key id: ids are 12 hex digits, as `flowsight keys list` shows them', 2);
      await withStore(
        flags,
        io,
        async (store) => {
          if ((await revokeStoredKey(store, id)) === 'not_found') throw new CliError(`no API key ${id}`);
        },
        async (server) => {
          await callServer(server, `/api/v1/keys/${id}`, { method: 'DELETE' });
        },
      );
      if (flags.json) json({ id, revoked: true });
      else io.stdout.write(`revoked API key ${id}\n`);
    });

  for (const command of [create, list, revoke]) keys.addCommand(command.exitOverride().showHelpAfterError(USAGE_HINT));
  return keys;
}
