/** `flowsight serve` (= `npm start`) — open the store, seed demo data on first start, serve the API and the dashboard. */
import { Command } from 'commander';
import { withStoreOptions } from '../common-options.ts';
import type { ServeFlags } from './serve-action.ts';

export function serveCommand(): Command {
  return withStoreOptions(
    new Command('serve').description('Serve the HTTP API (and /healthz) on the embedded store; seeds demo data on first start.'),
  )
    .option('--port <port>', 'port to listen on (default 8080, env FLOWSIGHT_PORT; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, env FLOWSIGHT_HOST; 0.0.0.0 for every interface)')
    .option('--no-demo', 'do not seed demo data into an empty store')
    .option('--no-dashboard', 'serve the API only, without building or serving the web dashboard')
    .action(async (flags: ServeFlags) => {
      // The server's modules are loaded only when it runs: every other command starts faster.
      const { runServe } = await import('./serve-action.ts');
      await runServe(flags);
    });
}
