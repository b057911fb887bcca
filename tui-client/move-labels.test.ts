import { describe, expect, it } from 'vitest';
import { playGame } from '../test/support/real-games.js';
import { completeMove, labelMoves, looksLikeCoordinates, openPromotion } from './move-labels.js';

/** SAN of every legal move, checked against the server's own SAN by playing each one (check marks aside). */
function serverSan(fen: string, uci: string): string {
  const { state } = playGame([uci], { fen });
  return state.moves.at(-1)!.replace(/[+#]$/u, '');
}

describe('labelMoves', () => {
  it.each([
    // Start position: pawns and knights.
    ['rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1'],
    // Castling both ways, captures, en passant (white pawn e5, black just played d7-d5).
    ['r3k2r/pppq1ppp/2n2n2/1B1pP3/3P4/2N2N2/PPP2PPP/R3K2R w KQkq d6 0 9'],
    // Knights and rooks that need file, rank or square disambiguation.
    ['4k3/8/8/1N3N2/R6R/8/1N3N2/K7 w - - 0 1'],
    // Promotions, with and without capture.
    ['1r5k/P7/8/8/8/8/8/K7 w - - 0 1'],
  ])('names every legal move of %s as the server does', (fen) => {
    const { state } = playGame([], { fen });
    const labelled = labelMoves(state.fen, state.legalMoves);
    expect(labelled).toHaveLength(state.legalMoves.length);
    for (const move of labelled) expect(move.san, move.uci).toBe(serverSan(fen, move.uci));
  });
});

describe('completeMove', () => {
  const { state } = playGame([]);
  const labelled = labelMoves(state.fen, state.legalMoves);

  it('completes SAN, any case', () => {
    expect(completeMove('N', labelled).sort()).toEqual(['Na3', 'Nc3', 'Nf3', 'Nh3']);
    expect(completeMove('nf', labelled)).toEqual(['Nf3']);
    expect(completeMove('e', labelled).sort()).toEqual(['e3', 'e4']);
  });

  it('completes squares as UCI', () => {
    expect(looksLikeCoordinates('e2e')).toBe(true);
    expect(completeMove('e2', labelled).sort()).toEqual(['e2e3', 'e2e4']);
    expect(completeMove('g1 f', labelled)).toEqual(['g1f3']);
  });

  it('offers nothing for nothing or nonsense', () => {
    expect(completeMove('', labelled)).toEqual([]);
    expect(completeMove('Qh5', labelled)).toEqual([]);
  });
});

describe('promotions (issue 13, terminal item 6)', () => {
  const { state } = playGame([], { fen: '1r5k/P7/8/8/8/8/8/K7 w - - 0 1' });
  // The server's own order, whatever it is; the queen is offered first all the same.
  const labelled = labelMoves(state.fen, [...state.legalMoves].reverse());

  it('offers the queen first and completes e8q-style input', () => {
    expect(completeMove('a8', labelled)).toEqual(['a8=Q', 'a8=R', 'a8=B', 'a8=N']);
    expect(completeMove('a8q', labelled)).toEqual(['a8=Q']);
    expect(completeMove('a7a8', labelled)).toEqual(['a7a8q', 'a7a8r', 'a7a8b', 'a7a8n']);
  });

  it('knows which typed moves still need the piece', () => {
    expect(openPromotion('a8', labelled)).toEqual({ from: 'a7', to: 'a8' });
    expect(openPromotion('a7a8', labelled)).toEqual({ from: 'a7', to: 'a8' });
    expect(openPromotion('a7-a8', labelled)).toEqual({ from: 'a7', to: 'a8' });
    expect(openPromotion('axb8', labelled)).toEqual({ from: 'a7', to: 'b8' });
    expect(openPromotion('a8=Q', labelled)).toBeNull();
    expect(openPromotion('a8q', labelled)).toBeNull();
    expect(openPromotion('Kb2', labelled)).toBeNull();
  });
});
