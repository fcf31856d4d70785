/** `flowsight rollups rebuild` — recomputes the metric rollups from the raw tables. */
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { createProgress } from '../progress.ts';
import { accessStore } from '../store-access.ts';

export function rollupsCommand(): Command {
  const rollups = new Command('rollups').description(
    'Maintain the metric rollups (kept current by every import; rebuild after restoring a backup or by hand).',
  );
  rollups.addCommand(
    withClientOptions(new Command('rebuild').description('Recompute every rollup from the raw tables.')).action(
      async (flags: StoreFlags) => {
        const access = await accessStore(configFrom(flags), {
          waitMs: lockWaitMs(flags),
          onWait: (message) => process.stderr.write(`${message}\n`),
        });
        if (access.mode !== 'local')
          throw new CliError(
            `the database is held by the running server at ${access.server.url}; stop it, or restart it (rollups are checked on open)`,
          );
        const progress = createProgress(!flags.json, { unit: 'rollups' });
        try {
          const rebuilt = await access.store.rebuildRollups((name, done, total) =>
            progress.update(`rebuilding ${name || 'rollups'}`, done, total, done),
          );
          progress.finish(`rebuilt ${rebuilt.length} rollups`);
          if (flags.json) printJson({ rollups: rebuilt });
          else for (const r of rebuilt) process.stdout.write(`${r.name.padEnd(28)} ${r.rows} rows\n`);
        } finally {
          await access.store.close();
        }
      },
    ),
  );
  return rollups;
}
