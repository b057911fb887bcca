import { describe, expect, it } from 'vitest';
import { parseBotArgs } from './bot-args.js';

describe('npm run bot flags', () => {
  it('defaults to quick pairing with the random engine on the local server', () => {
    expect(parseBotArgs([], {})).toEqual({
      ok: true,
      value: {
        server: 'http://127.0.0.1:8080',
        gameId: undefined,
        color: undefined,
        timeControl: null,
        name: 'random-bot',
        spec: { kind: 'random' },
        verbose: false,
        lichess: null,
      },
    });
  });

  it('reads the lichess Bot API mode: a token, stockfish as the engine, games at once', () => {
    const parsed = parseBotArgs(
      ['--lichess-api', '--token', 'rook_abc', '--engine', 'stockfish', '--max-games', '2', '--movetime', '50'],
      {},
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: { lichess: { token: 'rook_abc', maxGames: 2 }, spec: { kind: 'uci', movetime: 50 } },
    });
    expect(parseBotArgs(['--lichess-api'], { LICHESS_BOT_TOKEN: 'lip_x' })).toMatchObject({
      ok: true,
      value: { lichess: { token: 'lip_x', maxGames: 1 }, spec: { kind: 'random' } },
    });
  });

  it('refuses lichess flags that do not fit', () => {
    const usage = (argv: string[], pattern: RegExp) =>
      expect(parseBotArgs(argv, {})).toMatchObject({
        ok: false,
        code: 'usage',
        message: expect.stringMatching(pattern),
      });
    usage(['--lichess-api'], /needs --token/);
    usage(['--lichess-api', '--token', 'a b'], /Invalid --token/);
    usage(['--lichess-api', '--token', 't', '--game', 'abc'], /--game does not apply/);
    usage(['--lichess-api', '--token', 't', '--clock', '3+2'], /--clock does not apply/);
    usage(['--lichess-api', '--token', 't', '--max-games', '0'], /max-games/);
    usage(['--token', 't'], /are for --lichess-api/);
  });

  it('reads a UCI bot for a given game', () => {
    const parsed = parseBotArgs(
      [
        '--server',
        'http://h:1/',
        '--game',
        'abc',
        '--color',
        'black',
        '--engine',
        'uci',
        '--engine-path',
        '/x/sf',
        '--movetime',
        '40',
        '--depth',
        '6',
      ],
      {},
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        server: 'http://h:1',
        gameId: 'abc',
        color: 'black',
        name: 'uci-bot',
        spec: { kind: 'uci', path: '/x/sf', movetime: 40, depth: 6 },
      },
    });
  });

  it('reads --clock for quick pairing: minutes+increment, days per move, untimed', () => {
    expect(parseBotArgs(['--clock', '5+3'], {})).toMatchObject({
      ok: true,
      value: { gameId: undefined, timeControl: { type: 'realtime', initialSeconds: 300, incrementSeconds: 3 } },
    });
    expect(parseBotArgs(['--clock', '0.5+0'], {})).toMatchObject({
      value: { timeControl: { type: 'realtime', initialSeconds: 30, incrementSeconds: 0 } },
    });
    expect(parseBotArgs(['--clock', '3d'], {})).toMatchObject({
      value: { timeControl: { type: 'correspondence', daysPerMove: 3 } },
    });
    expect(parseBotArgs(['--clock', 'untimed'], {})).toMatchObject({ value: { timeControl: null } });
    expect(parseBotArgs(['--clock', 'blitz'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/^Invalid --clock: "blitz" is not a time control/),
    });
    expect(parseBotArgs(['--clock', '500+0'], {})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/initial time/),
    });
    expect(parseBotArgs(['--game', 'abc', '--clock', '1+0'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/--clock is for quick pairing/),
    });
  });

  it('takes the server from ROOKERY_SERVER', () => {
    expect(parseBotArgs([], { ROOKERY_SERVER: 'http://10.0.0.2:9000' })).toMatchObject({
      value: { server: 'http://10.0.0.2:9000' },
    });
  });

  it('refuses bad flags with a sentence', () => {
    expect(parseBotArgs(['--engine', 'gnuchess'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/random or uci/),
    });
    expect(parseBotArgs(['--movetime', '0'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/movetime/),
    });
    expect(parseBotArgs(['--color', 'white'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/--game/),
    });
    expect(parseBotArgs(['--server', 'localhost:8080'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/http/),
    });
    expect(parseBotArgs(['--bogus'], {})).toMatchObject({ ok: false, code: 'usage' });
    expect(parseBotArgs(['--name', 'x'.repeat(41)], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/--name/),
    });
    expect(parseBotArgs(['--name', 'bell\u0007'], {})).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/printable/),
    });
    expect(parseBotArgs(['--help'], {})).toMatchObject({ ok: false, code: 'help' });
  });
});
