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
      },
    });
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
