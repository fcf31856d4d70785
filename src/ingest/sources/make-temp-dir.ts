/**
 * A fresh temporary directory for tests that write real files and read them back through a source.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory and how to fill and remove it. */
export interface TempDir {
  readonly path: string;
  /** Writes `data` to `name` in the directory and returns the file's path. */
  write(name: string, data: string | Uint8Array): string;
  remove(): void;
}

/** Creates a temporary directory (test helper); remove it in afterAll. */
export function makeTempDir(prefix = 'flowsight-sources-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(name, data) {
      const file = join(path, name);
      writeFileSync(file, data);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
