import { Chess } from 'chess.js';
import { describe, expect, it } from 'vitest';
import { editDistance, suggestMove } from './move-suggestion.js';

// Legal moves of the standard start position, from chess.js as an independent source.
const START = new Chess().moves({ verbose: true }).map((move) => ({ uci: move.lan, san: move.san }));

describe('suggestMove ("did you mean …")', () => {
  it.each([
    ['Nf4', 'Nf3'], // knight named: the tie with the pawn move f4 goes to the knight
    ['Nc4', 'Nc3'],
    ['e4x', 'e4'],
    ['e2e4+', 'e4'],
  ])('%s -> %s', (typed, expected) => {
    expect(suggestMove(typed, START)?.san).toBe(expected);
  });

  it.each(['e5', 'zz', 'Ke2', ''])('%s has no single close move', (typed) => {
    expect(suggestMove(typed, START)).toBeNull();
  });

  it('works on UCI alone (GameState.legalMoves)', () => {
    expect(
      suggestMove(
        'g1f4',
        START.map(({ uci }) => ({ uci })),
      )?.uci,
    ).toMatch(/^g1/);
  });

  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'ab')).toBe(2);
  });
});
