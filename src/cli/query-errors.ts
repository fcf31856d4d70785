/** Turns a query the metrics layer refuses into a usage error naming the flag at fault. */
import { QueryError } from '../analysis/metrics/metric-query.ts';
import { CliError } from './cli-error.ts';

/** Runs `work`; a QueryError becomes a CliError `--<field>: …` with exit status 2. */
export async function withQueryErrors<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryError) throw new CliError(`--${error.field}: ${error.message}`, 2);
    throw error;
  }
}
