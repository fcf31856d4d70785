// Entry of a demo worker thread. Workers do not inherit TypeScript hooks registered at runtime by
// the main thread (bin/flowsight.js registers tsx that way), so register tsx here unless the thread
// can already load .ts files (e.g. when node was started with --import tsx). The retry uses another
// URL because a failed import stays cached under its URL.
try {
  await import('./demo-worker.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./demo-worker.ts?with-tsx');
}
