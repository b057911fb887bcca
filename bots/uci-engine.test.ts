import { describe, expect, it } from 'vitest';
import { makeGoCommand, makePositionCommand, parseBestMove, parseInfoScore } from './uci-engine.js';
import { parsePlayerSpec } from './player-spec.js';

describe('UCI commands', () => {
  it('writes position commands from the start and from a FEN', () => {
    expect(makePositionCommand({ initialFen: null, moves: [] })).toBe('position startpos');
    expect(makePositionCommand({ initialFen: null, moves: ['e2e4', 'e7e5'] })).toBe(
      'position startpos moves e2e4 e7e5',
    );
    const fen = '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1';
    expect(makePositionCommand({ initialFen: fen, moves: ['e2e4'] })).toBe(`position fen ${fen} moves e2e4`);
  });

  it('writes go commands for a movetime, a depth, both, and a clock', () => {
    expect(makeGoCommand({ movetime: 50 })).toBe('go movetime 50');
    expect(makeGoCommand({ depth: 8 })).toBe('go depth 8');
    expect(makeGoCommand({ movetime: 50, depth: 8 })).toBe('go depth 8 movetime 50');
    expect(makeGoCommand({ clock: { wtime: 60_000.4, btime: 59_000, winc: 1000, binc: 1000 } })).toBe(
      'go wtime 60000 btime 59000 winc 1000 binc 1000',
    );
    // The hard stop is the bridge's own timer, not part of the command.
    expect(makeGoCommand({ clock: { wtime: -5, btime: 1000, winc: 0, binc: 0 }, stopAfterMs: 700 })).toBe(
      'go wtime 0 btime 1000 winc 0 binc 0',
    );
  });

  it('reads scores and best moves', () => {
    expect(parseInfoScore('info depth 9 seldepth 12 multipv 1 score cp -23 nodes 8533 pv c7c5')).toEqual({
      kind: 'cp',
      value: -23,
    });
    expect(parseInfoScore('info depth 20 score mate -3 pv e1e2')).toEqual({ kind: 'mate', value: -3 });
    expect(parseInfoScore('info depth 5 score cp 17 lowerbound nodes 10')).toEqual({ kind: 'cp', value: 17 });
    expect(parseInfoScore('info string NNUE evaluation enabled')).toBeNull();
    expect(parseBestMove('bestmove e7e8q ponder a2a3')).toBe('e7e8q');
    expect(parseBestMove('bestmove (none)')).toBeNull();
    expect(parseBestMove('bestmove 0000')).toBeNull();
  });
});

describe('player specs', () => {
  it('reads random and uci:PATH[:movetime]', () => {
    expect(parsePlayerSpec('random')).toEqual({ ok: true, value: { kind: 'random' } });
    expect(parsePlayerSpec('uci:/usr/games/stockfish:50')).toEqual({
      ok: true,
      value: { kind: 'uci', path: '/usr/games/stockfish', movetime: 50 },
    });
    expect(parsePlayerSpec('uci:/opt/engine')).toEqual({ ok: true, value: { kind: 'uci', path: '/opt/engine' } });
    expect(parsePlayerSpec('uci:')).toMatchObject({ ok: false });
    expect(parsePlayerSpec('stockfish')).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/random or uci:PATH/),
    });
  });
});
