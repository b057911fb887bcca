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

  it.each(['e5', 'zz', 'Ke2', '', 'Bc4', 'bc4', 'ng3', 'Ng3', 'Qh5', 'O-O'])('%s has no single close move', (typed) => {
    expect(suggestMove(typed, START)).toBeNull();
  });

  // Issue 13, browser item 3: a suggestion is always a move of the piece the player named.
  it.each([
    ['1.d4 d5: Bc4 is a move of the c1 bishop (Bf4), never the pawn move c4', ['d4', 'd5'], 'Bc4', 'Bf4'],
    ['1.d4 d5: nc4 is a knight move (Nc3), not c4', ['d4', 'd5'], 'nc4', 'Nc3'],
    ['NF3 in capitals is read', [], 'NG4', null],
    ['E4 in capitals is not a close move: it is the move', [], 'E5', null],
  ])('%s', (_title, moves, typed, expected) => {
    const chess = new Chess();
    for (const move of moves) chess.move(move);
    const candidates = chess.moves({ verbose: true }).map((move) => ({ uci: move.lan, san: move.san }));
    const suggestion = suggestMove(typed, candidates);
    expect(suggestion?.san ?? null).toBe(expected);
    if (suggestion) expect(suggestion.san?.[0]).toBe(typed[0]!.toUpperCase());
  });

  it('offers the other castling, or the one move of the piece named, when the typed one is illegal', () => {
    // Kingside blocked by the bishop and knight; queenside clear.
    const fen = 'r3kbnr/pppppppp/8/8/8/8/PPPPPPPP/R3KBNR w KQkq - 0 1';
    const candidates = new Chess(fen).moves({ verbose: true }).map((move) => ({ uci: move.lan, san: move.san }));
    const kingMoves = candidates.filter((move) => move.san.startsWith('K') || move.san.startsWith('O'));
    expect(kingMoves.map((move) => move.san).sort()).toEqual(['Kd1', 'O-O-O']);
    expect(suggestMove('O-O', candidates)?.san).toBe('O-O-O');
    // One king move left besides castling: Ke2 (illegal, own pawn) has two candidates and none close: nothing.
    expect(suggestMove('Kf1', candidates)?.san).toBe('Kd1');
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
