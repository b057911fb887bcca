import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_PATH, HELP, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    expect(parseConfig([], {})).toEqual({
      ok: true,
      value: {
        host: '127.0.0.1',
        port: 8080,
        refreshSeconds: 2,
        logLevel: 'info',
        accessLog: false,
        rateLimitPerMinute: 0,
        dataPath: DEFAULT_DATA_PATH,
      },
    });
    expect(HELP).toContain('(env ROOKERY_REFRESH, default 2)');
  });

  it('reads flags over the environment', () => {
    const parsed = parseConfig(['--port', '9000', '--refresh', '5'], {
      PORT: '7000',
      ROOKERY_REFRESH: '9',
      HOST: '0.0.0.0',
    });
    expect(parsed).toMatchObject({ ok: true, value: { host: '0.0.0.0', port: 9000, refreshSeconds: 5 } });
  });

  it.each([
    [['--port', '70000'], /Invalid port "70000"/u],
    [['--refresh', '0'], /Invalid refresh "0": use whole seconds, 1\.\.3600\./u],
    [['--refresh', '3601'], /Invalid refresh/u],
    [['--log-level', 'loud'], /Invalid log level/u],
    [['--data', ''], /Invalid data path/u],
    [['--bogus'], /Unknown option '--bogus'/u],
  ])('refuses %j with a usage sentence', (argv, reason) => {
    const parsed = parseConfig(argv, {});
    expect(parsed).toMatchObject({ ok: false, code: 'usage' });
    expect(!parsed.ok && parsed.message).toMatch(reason);
  });

  it('answers --help with the help failure', () => {
    expect(parseConfig(['--help'], {})).toMatchObject({ ok: false, code: 'help' });
  });
});
