/**
 * The `flowsight` command line: one file per command under commands/, wired here. Each command
 * parses its own flags, builds what it needs through the composition root and prints either plain
 * lines or, with --json, one JSON document.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.ts';
import { USAGE_HINT } from './common-options.ts';
import { genCommand } from './commands/gen.ts';
import { importCommand } from './commands/import.ts';
import { serveCommand } from './commands/serve.ts';
import { statusCommand } from './commands/status.ts';
import { queryCommand } from './commands/query.ts';
import { reportCommand } from './commands/report.ts';
import { sqlCommand } from './commands/sql.ts';
import { rollupsCommand } from './commands/rollups.ts';
import { keysCommand } from './commands/keys.ts';
import { forecastCommand } from './commands/forecast.ts';
import { profilesCommand, segmentsCommand } from './commands/profiles.ts';

/** Builds the program; exported so tests can run commands in-process. */
export function createProgram(): Command {
  const program = new Command('flowsight')
    .description(
      'Customer-flow and user-profile analytics: collect orders, users, events and logs exactly once, then analyse and forecast them.',
    )
    .showHelpAfterError(USAGE_HINT)
    // Lets a subcommand's subcommands own flags their parent also has (`forecast flow --horizon`).
    .enablePositionalOptions()
    .exitOverride();
  for (const command of [
    serveCommand(),
    importCommand(),
    statusCommand(),
    queryCommand(),
    reportCommand(),
    sqlCommand(),
    rollupsCommand(),
    keysCommand(),
    forecastCommand(),
    profilesCommand(),
    segmentsCommand(),
    genCommand(),
  ]) {
    program.addCommand(command.exitOverride().showHelpAfterError(USAGE_HINT));
  }
  return program;
}

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has printed its message; any usage error (unknown option, missing argument…) is status 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`flowsight: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
