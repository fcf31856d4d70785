/**
 * The dashboard's build: Preact pages with ECharts, split per page so the first view loads only what
 * it shows. `flowsight serve` builds it on start when the sources changed (see
 * src/server/dashboard/build-dashboard.ts); `npx vite web` serves it with hot reload against a
 * running server (FLOWSIGHT_API, default http://127.0.0.1:8080).
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const api = process.env.FLOWSIGHT_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The province maps are data, loaded one at a time when the region view drills down.
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': api, '/healthz': api } },
});
