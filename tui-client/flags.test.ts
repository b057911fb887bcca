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
        '--clock',
        '5+3',
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
        colors: true,
        forceNew: true,
        lineMode: true,
        timeControl: { type: 'realtime', initialSeconds: 300, incrementSeconds: 3 },
        clockChosen: true,
        start: { kind: 'play' },
        challenge: null,
      },
    });
  });

  it('reads --lobby and --watch ID (issue 13, terminal item 8), one screen at a time, never in line mode', () => {
    const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const parsed = parseFlags(argv, env);
      return parsed.ok ? parsed.value.start : parsed.message;
    };
    expect(start([])).toEqual({ kind: 'play' });
    expect(start(['--lobby'])).toEqual({ kind: 'lobby' });
    expect(start(['--watch', '-Ab3xYz09_Q'])).toEqual({ kind: 'watch', gameId: '-Ab3xYz09_Q' });
    expect(start(['--watch', 'no spaces'])).toBe('Invalid --watch "no spaces": a game id is letters, digits, - and _.');
    expect(start(['--lobby', '--watch', 'abc'])).toBe('--lobby and --watch cannot be combined: choose one.');
    expect(start(['--watch', 'abc', '--game', 'abc'])).toBe('--watch and --game cannot be combined: choose one.');
    expect(start(['--lobby', '--line'])).toBe('--lobby needs a terminal: it has no line mode.');
    expect(start(['--watch', 'abc'], { TERM: 'dumb' })).toBe('--watch needs a terminal: it has no line mode.');
  });

  it('reads --clock with the shared parser: realtime, fractions of a minute, correspondence, untimed', () => {
    const clock = (text: string) => {
      const parsed = parseFlags(['--clock', text], {});
      return parsed.ok ? parsed.value.timeControl : parsed.message;
    };
    expect(clock('0.5+0')).toEqual({ type: 'realtime', initialSeconds: 30, incrementSeconds: 0 });
    expect(clock('3d')).toEqual({ type: 'correspondence', daysPerMove: 3 });
    expect(clock('untimed')).toBeNull();
    const untimed = parseFlags(['--clock', 'untimed'], {});
    expect(untimed.ok && untimed.value.clockChosen).toBe(true);
    // Without the flag: untimed, and any saved game may be resumed.
    const none = parseFlags([], {});
    expect(none.ok && [none.value.timeControl, none.value.clockChosen]).toEqual([null, false]);
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
    [['--clock', 'blitz'], /Invalid --clock: "blitz" is not a time control: write minutes\+increment like 5\+3/u],
    [['--clock', '0+0'], /Invalid --clock: The initial time must be a whole number of seconds from 1/u],
    [['--clock', '30d'], /Invalid --clock: Days per move must be a whole number from 1 to 14/u],
    [['--clock'], /argument missing/u],
  ])('refuses %j with a reason', (argv, reason) => {
    const parsed = parseFlags(argv, {});
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.code === 'usage' && parsed.message).toMatch(reason);
  });

  it('takes a game id that starts with - (issue 13, terminal item 1)', () => {
    const parsed = parseFlags(['--game', '-Ab3xYz09_Q', '--name', 'alice'], { LANG: 'C.UTF-8' });
    expect(parsed.ok && parsed.value.gameId).toBe('-Ab3xYz09_Q');
  });

  it('follows the terminal: LANG=C is ASCII, NO_COLOR has no colours, TERM=dumb is line mode (item 5)', () => {
    const read = (env: NodeJS.ProcessEnv, argv: string[] = []) => {
      const parsed = parseFlags(argv, env);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.value;
    };
    expect(read({ LANG: 'C' })).toMatchObject({ ascii: true, colors: true, lineMode: false });
    expect(read({ LANG: 'C' }, ['--unicode']).ascii).toBe(false);
    expect(read({ LANG: 'en_GB.UTF-8' }).ascii).toBe(false);
    expect(read({ LANG: 'en_GB.UTF-8' }, ['--ascii']).ascii).toBe(true);
    expect(read({ LANG: 'C.UTF-8', NO_COLOR: '1' }).colors).toBe(false);
    expect(read({ LANG: 'C.UTF-8', TERM: 'dumb' }).lineMode).toBe(true);
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
      '--unicode',
      'NO_COLOR',
      '--new',
      '--line',
      '--clock',
      '5+3',
      '3d',
      'untimed',
      'XDG_CONFIG_HOME',
      'resign',
      'flip',
      '--lobby',
      '--watch',
      'watch it instead',
    ]) {
      expect(HELP).toContain(word);
    }
  });
});

describe('--challenge', () => {
  it('reads a bot to challenge, with --clock and --color, also in line mode', () => {
    const parsed = parseFlags(['--challenge', 'StockBot', '--clock', '3+2', '--color', 'black', '--line'], {});
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        challenge: 'StockBot',
        color: 'black',
        lineMode: true,
        timeControl: { type: 'realtime', initialSeconds: 180, incrementSeconds: 2 },
      },
    });
  });

  it('refuses a bad name and other start screens', () => {
    expect(parseFlags(['--challenge', 'no spaces'], {})).toMatchObject({ ok: false, code: 'usage' });
    expect(parseFlags(['--challenge', 'StockBot', '--lobby'], {})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/cannot be combined/u),
    });
  });
});
