#!/usr/bin/env node
// Entry point of the `flowsight` command: loads the TypeScript sources through tsx, so there is no
// build step between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

// Output piped into a reader that stops early (`flowsight … | head`) is not an error of ours.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
