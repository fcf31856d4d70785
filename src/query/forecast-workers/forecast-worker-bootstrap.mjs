// Entry of a forecast worker thread. Workers do not inherit TypeScript hooks registered at runtime
// by the main thread (bin/flowsight.js registers tsx that way), so register tsx here unless the
// thread can already load .ts files. The retry uses another URL because a failed import stays cached.
try {
  await import('./forecast-worker.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./forecast-worker.ts?with-tsx');
}
