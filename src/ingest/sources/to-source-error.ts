/**
 * Turns the errors of reading a file (file system, zlib) into SourceErrors with a message a user can
 * act on. SourceErrors pass through unchanged; anything else is a bug and is rethrown as is.
 */
import { SourceError } from './record-source.ts';

const FILE_SYSTEM_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a parent is not a directory)',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The SourceError for an error met while reading `path`; errors that are bugs are returned unchanged. */
export function toSourceError(path: string, error: unknown): unknown {
  if (error instanceof SourceError) return error;
  if (!(error instanceof Error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error;
  const known = FILE_SYSTEM_MESSAGES[code];
  if (known !== undefined) return new SourceError(path, known);
  // zlib reports a stream cut short as Z_BUF_ERROR "unexpected end of file".
  if (code === 'Z_BUF_ERROR') return new SourceError(path, 'truncated gzip stream');
  if (code.startsWith('Z_')) return new SourceError(path, `corrupt gzip stream: ${error.message}`);
  if (code.startsWith('E')) return new SourceError(path, `cannot read file: ${error.message}`);
  return error;
}
