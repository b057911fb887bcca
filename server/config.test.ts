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
        creationsPerMinute: 60,
        dataPath: DEFAULT_DATA_PATH,
        firstMoveSeconds: 30,
        abandonSeconds: 60,
        clientLimits: true,
        redisUrl: null,
        redisPrefix: 'rookery:',
        adminToken: undefined,
        trustProxy: null,
      },
    });
    expect(HELP).toContain('(env ROOKERY_REFRESH, default 2)');
    expect(HELP).toContain('(env ROOKERY_FIRST_MOVE_SECONDS, default 30)');
  });

  it('takes a Redis URL from --redis or ROOKERY_REDIS_URL, and refuses what is not one', () => {
    const redis = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const parsed = parseConfig(argv, env);
      return parsed.ok ? [parsed.value.redisUrl, parsed.value.redisPrefix] : parsed.message;
    };
    expect(redis(['--redis', 'redis://10.0.0.5:6379'])).toEqual(['redis://10.0.0.5:6379', 'rookery:']);
    expect(redis([], { ROOKERY_REDIS_URL: 'rediss://u:p@db:6380/0' })).toEqual(['rediss://u:p@db:6380/0', 'rookery:']);
    expect(redis(['--redis', 'redis://a:1', '--redis-prefix', 'club:'])).toEqual(['redis://a:1', 'club:']);
    expect(redis(['--redis', 'localhost:6379'])).toMatch(/Invalid Redis URL "localhost:6379": write it as redis:\/\//u);
    expect(redis(['--redis', 'redis://a:1', '--redis-prefix', 'a{b}'])).toMatch(/Invalid Redis prefix/u);
    expect(HELP).toContain('--redis URL');
  });

  it('trusts X-Forwarded-For only from the proxies named by --trust-proxy or ROOKERY_TRUST_PROXY', () => {
    const trust = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const parsed = parseConfig(argv, env);
      return parsed.ok ? parsed.value.trustProxy : parsed.message;
    };
    expect(trust([])).toBeNull();
    expect(trust(['--trust-proxy', '127.0.0.1'])).toBe('127.0.0.1');
    expect(trust([], { ROOKERY_TRUST_PROXY: '10.0.0.0/8,::1,loopback' })).toBe('10.0.0.0/8,::1,loopback');
    expect(trust(['--trust-proxy', 'everyone'])).toMatch(/Invalid trust proxy "everyone"/u);
  });

  it('limits game creation by default; --rate-limit off or --client-limits off lift it', () => {
    const limit = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const parsed = parseConfig(argv, env);
      return parsed.ok ? [parsed.value.creationsPerMinute, parsed.value.rateLimitPerMinute] : parsed.code;
    };
    expect(limit([])).toEqual([60, 0]);
    expect(limit(['--creation-limit', '10'])).toEqual([10, 0]);
    expect(limit(['--rate-limit', 'off'])).toEqual([0, 0]);
    expect(limit(['--rate-limit', '600'])).toEqual([60, 600]);
    expect(limit([], { ROOKERY_CLIENT_LIMITS: 'off' })).toEqual([0, 0]);
    expect(limit(['--creation-limit', 'lots'])).toBe('usage');
  });

  it('reads the clock settings, refusing values out of bounds', () => {
    const parsed = parseConfig(['--first-move-seconds', '5'], { ROOKERY_ABANDON_SECONDS: '120' });
    expect(parsed.ok && parsed.value.firstMoveSeconds).toBe(5);
    expect(parsed.ok && parsed.value.abandonSeconds).toBe(120);
    for (const argv of [
      ['--first-move-seconds', '0'],
      ['--first-move-seconds', '2.5'],
      ['--abandon-seconds', '1'],
    ]) {
      const refused = parseConfig(argv, {});
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.code).toBe('usage');
    }
    // A waiting page refreshing every 60 s keeps its game: the window is at least three refreshes.
    const slow = parseConfig(['--refresh', '60'], {});
    expect(slow.ok && slow.value.abandonSeconds).toBe(180);
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
