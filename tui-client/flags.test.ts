import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER, HELP, parseFlags } from './flags.js';

describe('parseFlags', () => {
  it('reads every flag', () => {
    const parsed = parseFlags(
      [
        '--server',
        'http://10.0.0.2:9000/',
        '--name',
        'alice',
        '--game',
        'Vq3kT9xw',
        '--color',
        'Black',
        '--interval',
        '250',
        '--ascii',
        '--new',
        '--line',
      ],
      {},
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        server: 'http://10.0.0.2:9000',
        name: 'alice',
        gameId: 'Vq3kT9xw',
        color: 'black',
        intervalMs: 250,
        ascii: true,
        forceNew: true,
        lineMode: true,
      },
    });
  });

  it('falls back to the environment, then to defaults', () => {
    const fromEnv = parseFlags([], { ROOKERY_SERVER: 'http://example.test:8080', ROOKERY_NAME: 'bob' });
    expect(fromEnv.ok && fromEnv.value).toMatchObject({
      server: 'http://example.test:8080',
      name: 'bob',
      intervalMs: 1000,
      gameId: null,
      color: null,
    });
    const defaults = parseFlags([], {});
    expect(defaults.ok && defaults.value.server).toBe(DEFAULT_SERVER);
    expect(defaults.ok && defaults.value.name.length).toBeGreaterThan(0);
  });

  it.each([
    [['--color', 'red'], /Invalid --color "red"/u],
    [['--interval', '5'], /Invalid --interval "5"/u],
    [['--interval', 'fast'], /Invalid --interval/u],
    [['--server', 'localhost:8080'], /Invalid --server/u],
    [['--game', 'a/b'], /Invalid --game/u],
    [['--game', 'x'.repeat(65)], /Invalid --game/u],
    [['--name', ''], /Invalid --name/u],
    [['--bogus'], /Unknown option '--bogus'/u],
  ])('refuses %j with a reason', (argv, reason) => {
    const parsed = parseFlags(argv, {});
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.code === 'usage' && parsed.message).toMatch(reason);
  });

  it('has --help that explains every flag and key', () => {
    expect(parseFlags(['-h'], {})).toMatchObject({ ok: false, code: 'help' });
    for (const word of [
      '--server',
      '--name',
      '--game',
      '--color',
      '--interval',
      '--ascii',
      '--new',
      '--line',
      'XDG_CONFIG_HOME',
      'resign',
      'flip',
    ]) {
      expect(HELP).toContain(word);
    }
  });
});
