/** `flowsight status` — rows per entity, time range covered, last imports with their summaries. */
import { Command } from 'commander';
import type { StoreStatus } from '../../store/store.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { accessStore, callServer } from '../store-access.ts';
import { CliError } from '../cli-error.ts';

const count = new Intl.NumberFormat('en-US');

function printStatus(status: StoreStatus): void {
  const out: string[] = [`store: ${status.location} (${status.backend}, schema v${status.schemaVersion})`, ''];
  out.push(`${'entity'.padEnd(10)}${'rows'.padStart(14)}  time range (UTC)`);
  for (const entity of status.entities) {
    // ISO instants shown as UTC wall time to the second, like the imports below; a day stays a day.
    const shown = (time: string | null) => (time ?? '').replace('T', ' ').slice(0, 19);
    const range = entity.from ? `${shown(entity.from)} … ${shown(entity.to)}` : '—';
    out.push(`${entity.kind.padEnd(10)}${count.format(entity.rows).padStart(14)}  ${range}`);
  }
  out.push('', status.lastImports.length > 0 ? 'last imports:' : 'no imports yet');
  for (const run of status.lastImports) {
    const when = new Date(run.finishedAt).toISOString().replace('T', ' ').slice(0, 19);
    const counts = `${count.format(run.read)} read, ${count.format(run.inserted)} inserted, ${count.format(run.updated)} updated, ${count.format(run.unchanged)} unchanged, ${count.format(run.rejected)} rejected`;
    out.push(`  ${when} UTC  ${run.kind.padEnd(8)} ${run.status.padEnd(9)} ${counts}  [${run.source}] ${run.files.join(', ')}`);
    if (run.error) out.push(`      ${run.error}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export function statusCommand(): Command {
  return withClientOptions(new Command('status').description('Show rows per entity, the time range covered and the last imports.'))
    .option('--imports <n>', 'how many recent imports to list', '10')
    .action(async (flags: StoreFlags & { imports: string }) => {
      const lastImports = Number(flags.imports);
      if (!Number.isInteger(lastImports) || lastImports < 0)
        throw new CliError(`--imports must be a whole number, got "${flags.imports}"`, 2);
      const access = await accessStore(configFrom(flags), {
        waitMs: lockWaitMs(flags),
        onWait: (message) => process.stderr.write(`${message}\n`),
      });
      let status: StoreStatus;
      if (access.mode === 'local') {
        try {
          status = await access.store.status({ lastImports });
        } finally {
          await access.store.close();
        }
      } else {
        status = (await (await callServer(access.server, `/api/v1/status?imports=${lastImports}`)).json()) as StoreStatus;
      }
      if (flags.json) printJson(status);
      else printStatus(status);
    });
}
