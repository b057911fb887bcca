import { describe, expect, it } from 'vitest';
import { lostSince } from './captured.js';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

describe('lostSince (issue 13, terminal item 7: captures in a game from a FEN)', () => {
  it('counts nothing as captured in a position set up with few pieces', () => {
    const endgame = '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1';
    expect(lostSince(endgame, endgame)).toEqual({ white: [], black: [] });
    expect(lostSince(endgame, '4k3/8/8/8/8/8/8/4K3 b - - 0 1')).toEqual({ white: ['p'], black: [] });
  });

  it('counts from the standard start as before', () => {
    expect(lostSince(START, 'rnbqkbnr/ppp1pppp/8/8/8/8/PPPPPPPP/RNBQKB1R w KQkq - 0 3')).toEqual({
      white: ['n'],
      black: ['p'],
    });
  });
});
