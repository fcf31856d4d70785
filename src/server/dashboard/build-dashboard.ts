/**
 * Builds the web dashboard (web/) with Vite when its sources changed since the last build, so that
 * `npm start` serves it without a separate build step. The build goes to a fresh folder that then
 * replaces web/dist, so a server never serves half of one build and half of another.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web/ folder of this checkout. */
export const WEB_DIR = resolve(fileURLToPath(new URL('../../../web', import.meta.url)));
const STAMP = '.flowsight-build.json';

async function listSources(dir: string, root: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'dist' || entry.name.startsWith('dist.') || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listSources(path, root)));
    else if (!entry.name.endsWith('.test.ts')) files.push(relative(root, path));
  }
  return files.sort();
}

/** A hash of every source file of the dashboard and the Vite version that builds it. */
export async function hashDashboardSources(webDir = WEB_DIR): Promise<string> {
  const hash = createHash('sha256');
  const { version } = (await import('vite')) as { version: string };
  hash.update(`vite ${version}\n`);
  for (const file of await listSources(webDir, webDir)) {
    hash.update(`${file}\n`);
    hash.update(await readFile(join(webDir, file)));
  }
  return hash.digest('hex');
}

function readStamp(distDir: string): Promise<{ sourceHash?: string } | undefined> {
  return readFile(join(distDir, STAMP), 'utf8').then(
    (text) => JSON.parse(text) as { sourceHash?: string },
    () => undefined,
  );
}

export interface DashboardBuildResult {
  /** Folder with index.html and assets/. */
  readonly distDir: string;
  /** False when the previous build was still current. */
  readonly built: boolean;
  readonly elapsedMs: number;
}

/** Builds web/ into web/dist unless the build there is of the current sources. */
export async function ensureDashboardBuilt(options: { webDir?: string; force?: boolean } = {}): Promise<DashboardBuildResult> {
  const started = performance.now();
  const webDir = options.webDir ?? WEB_DIR;
  const distDir = join(webDir, 'dist');
  const sourceHash = await hashDashboardSources(webDir);
  if (!options.force) {
    const stamp = await readStamp(distDir);
    if (stamp?.sourceHash === sourceHash) return { distDir, built: false, elapsedMs: performance.now() - started };
  }
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(webDir, 'dist.'));
  try {
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
    await writeFile(join(outDir, STAMP), JSON.stringify({ sourceHash, builtAt: new Date().toISOString() }));
    const previous = `${distDir}.old-${process.pid}`;
    await rename(distDir, previous).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(outDir, distDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process (a second server, a parallel test) put its build there first: keep it if
      // it is of the same sources.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      if ((await readStamp(distDir))?.sourceHash !== sourceHash) throw error;
    });
    await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return { distDir, built: true, elapsedMs: performance.now() - started };
}
