import { describe, expect, it } from 'vitest';
import { SourceError } from './record-source.ts';
import { toSourceError } from './to-source-error.ts';

const failure = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('toSourceError', () => {
  it.each([
    ['ENOENT', 'no such file'],
    ['EISDIR', 'is a directory'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['Z_BUF_ERROR', 'truncated gzip stream'],
  ])('explains %s as "%s"', (code, message) => {
    const error = toSourceError('/data/x.csv', failure(code));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toBe(`/data/x.csv: ${message}`);
  });

  it('explains other zlib and file-system errors with their own message', () => {
    expect((toSourceError('f', failure('Z_DATA_ERROR', 'incorrect header check')) as Error).message).toBe(
      'f: corrupt gzip stream: incorrect header check',
    );
    expect((toSourceError('f', failure('EIO', 'i/o error')) as Error).message).toBe('f: cannot read file: i/o error');
  });

  it('passes SourceErrors and bugs through unchanged', () => {
    const sourceError = new SourceError('f', 'empty file');
    const bug = new TypeError('x is undefined');
    expect(toSourceError('f', sourceError)).toBe(sourceError);
    expect(toSourceError('f', bug)).toBe(bug);
  });
});
