import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from './config.ts';

describe('resolveConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(resolveConfig({}, {})).toEqual({ dbPath: './data/flowsight.duckdb', host: '127.0.0.1', port: 8080, timeZone: 'Asia/Shanghai', memoryLimit: '768MB' });
  });

  it('reads FLOWSIGHT_* variables and lets flags win over them', () => {
    const env = { FLOWSIGHT_DB: '/srv/fs.duckdb', FLOWSIGHT_PORT: '9090', FLOWSIGHT_TZ: 'Asia/Urumqi' };
    expect(resolveConfig({}, env)).toMatchObject({ dbPath: '/srv/fs.duckdb', port: 9090, timeZone: 'Asia/Urumqi' });
    expect(resolveConfig({ db: 'x.duckdb', port: '0' }, env)).toMatchObject({ dbPath: 'x.duckdb', port: 0 });
  });

  it('names the setting that cannot work', () => {
    expect(() => resolveConfig({ port: '80a' }, {})).toThrow(new ConfigError('port must be a whole number 0–65535, got "80a"'));
    expect(() => resolveConfig({ timeZone: 'Mars/Olympus' }, {})).toThrow('time zone "Mars/Olympus" is not an IANA zone');
    expect(() => resolveConfig({ memoryLimit: 'lots' }, {})).toThrow('memory limit must look like 512MB or 2GB');
  });
});
