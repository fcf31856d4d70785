/**
 * Runs one `flowsight` command in this process exactly as bin/flowsight.js does, then reports the
 * process's peak resident memory on file descriptor 3, so benchmarks measure the real command.
 */
import { writeSync } from 'node:fs';
import { main } from '../src/cli/main.ts';

const code = await main(process.argv.slice(2));
try {
  writeSync(3, `${JSON.stringify({ code, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
} catch {
  // fd 3 is only open when a benchmark asked for the report.
}
process.exitCode = code;
