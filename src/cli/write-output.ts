/** Writing a command's output file: a path that cannot be written is one line naming it and why. */
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from './cli-error.ts';

/** Why a file cannot be written, in words (by the error's code). */
const WRITE_FAILURES: Readonly<Record<string, (path: string) => string>> = {
  ENOENT: (path) => `the directory ${dirname(path)} does not exist`,
  EACCES: () => 'permission denied',
  EPERM: () => 'permission denied',
  EISDIR: () => 'it is a directory',
  ENOTDIR: () => 'a part of the path is not a directory',
  EROFS: () => 'the file system is read-only',
  ENOSPC: () => 'no space left on the device',
};

/** Writes `text` to `path`; a failure is a CliError naming the path and the reason (exit 1). */
export async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === undefined ? undefined : WRITE_FAILURES[code];
    throw new CliError(`cannot write ${path}: ${why ? why(path) : message}`, 1);
  }
}
