import { describe, expect, it } from 'vitest';
import { playGame } from '../test/support/real-games.js';
import { describeOutcome, initialFenOf } from './play-game.js';

describe('initialFenOf', () => {
  it('is null (UCI "position startpos") for the standard start, moves or not', () => {
    expect(initialFenOf(playGame([]).state)).toBeNull();
    expect(initialFenOf(playGame(['e4', 'e5']).state)).toBeNull();
  });

  it("is the game's own initialFen for a game from a position, also after moves (no PGN read)", () => {
    const fen = '4k3/8/8/8/8/8/8/4K2R b K - 0 12';
    const { state } = playGame(['Kd7', 'O-O'], { fen });
    expect(state.fen).not.toBe(fen);
    expect(initialFenOf(state)).toBe(fen);
  });
});

describe('describeOutcome', () => {
  it.each([
    [['f3', 'e5', 'g4', 'Qh4'], 'black', '0-1 (checkmate): black won — you won'],
    [['f3', 'e5', 'g4', 'Qh4'], 'white', '0-1 (checkmate): black won — you lost'],
    [[{ resign: 'white' as const }], 'white', '0-1 (resignation): black won — you lost'],
    [
      [
        { draw: 'offer' as const, by: 'white' as const },
        { draw: 'accept' as const, by: 'black' as const },
      ],
      'white',
      '1/2-1/2 (agreement): draw',
    ],
    [[{ abort: 'white' as const }], 'black', '* (aborted): no result'],
  ] as const)('after %j, for %s: %s', (steps, color, line) => {
    expect(describeOutcome(playGame([...steps]).state, color)).toBe(line);
  });

  it('says when the game goes on', () => {
    expect(describeOutcome(playGame(['e4']).state, 'white')).toBe('the game is still active');
  });
});
