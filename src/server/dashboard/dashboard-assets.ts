/**
 * The built dashboard held in memory, each text file also gzipped once, so serving a page costs a
 * lookup: the whole build is a few megabytes, most of it province maps fetched one at a time.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface DashboardAsset {
  readonly body: Uint8Array;
  /** Gzipped body, for text files worth compressing. */
  readonly gzip?: Uint8Array | undefined;
  readonly contentType: string;
  /** Hashed file names never change content: cache them for a year. */
  readonly immutable: boolean;
}

export interface DashboardAssets {
  /** The file at a URL path (`/assets/index-abc.js`), if the build has it. */
  get(path: string): DashboardAsset | undefined;
  /** index.html, served for every page path. */
  readonly index: DashboardAsset;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (!entry.name.startsWith('.')) files.push(path);
  }
  return files;
}

/** Loads a dashboard build (web/dist); fails when it has no index.html. */
export async function loadDashboardAssets(distDir: string): Promise<DashboardAssets> {
  const assets = new Map<string, DashboardAsset>();
  for (const file of await walk(distDir)) {
    const body = new Uint8Array(await readFile(file));
    const contentType = TYPES[extname(file)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/json|image\/svg)/.test(contentType) && body.length > 1024;
    const path = `/${relative(distDir, file).split(sep).join('/')}`;
    assets.set(path, {
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : undefined,
      contentType,
      immutable: path.startsWith('/assets/'),
    });
  }
  const index = assets.get('/index.html');
  if (!index) throw new Error(`${distDir} holds no dashboard build (no index.html)`);
  return { get: (path) => assets.get(path), index };
}
