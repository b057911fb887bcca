import { describe, expect, it } from 'vitest';
import { START_FEN as SHARED_START_FEN } from '../../shared/vocabulary.js';
import { ChessBoard } from './chess-board.js';
import { START_FEN } from './chess-position.js';
import { makePgn } from './pgn.js';

const AT = '2026-12-01T12:00:00.000Z';

/** A seated game from `fen` (the standard start when null) after `moves`. */
function board(moves: string[], fen: string | null = null): ChessBoard {
  const game = ChessBoard.create('pgntest00001', AT, fen);
  if (!game.join('alice', 'hash-w', AT, 'white').ok || !game.join('bob', 'hash-b', AT, 'black').ok)
    throw new Error('join failed');
  for (const move of moves) {
    const moved = game.move(game.turn, move, AT);
    if (!moved.ok) throw new Error(`${move}: ${moved.message}`);
  }
  return game;
}

/** The movetext of a PGN: everything after the blank line that ends the tags, on one line. */
function movetext(pgn: string): string {
  return pgn
    .slice(pgn.indexOf('\n\n') + 2)
    .trim()
    .replace(/\s+/gu, ' ');
}

describe('makePgn', () => {
  it("the clients' start FEN (shared/) is the rules' start FEN (chess.js)", () => {
    expect(SHARED_START_FEN).toBe(START_FEN);
  });

  it('numbers moves from the standard start without SetUp', () => {
    const pgn = makePgn(board(['e4', 'e5', 'Nf3']), 'test');
    expect(pgn).not.toContain('[SetUp');
    expect(movetext(pgn)).toBe('1. e4 e5 2. Nf3 *');
  });

  it('numbers moves from a position with black to move at move 12 (PGN standard 8.2.2.2: "12..." first)', () => {
    // After 12. cxb5 in the Breyer Ruy Lopez.
    const fen = 'r1bq1rk1/3nbppp/p1pp1n2/1P2p3/3PP3/1B3N1P/PP3PP1/RNBQR1K1 b - - 0 12';
    const pgn = makePgn(board(['axb5', 'Bg5', 'Bb7'], fen), 'test');
    expect(pgn).toContain(`[FEN "${fen}"]`);
    expect(movetext(pgn)).toBe('12... axb5 13. Bg5 Bb7 *');
  });

  it('closes with the outcome in words (shared/outcome-text.ts) before the result', () => {
    const mate = makePgn(board(['f3', 'e5', 'g4', 'Qh4#']), 'test');
    expect(movetext(mate)).toBe('1. f3 e5 2. g4 Qh4# {Black wins by checkmate.} 0-1');
    const game = board([]);
    if (!game.abort('white', AT).ok) throw new Error('abort failed');
    expect(movetext(makePgn(game, 'test'))).toBe('{Game ended by abort.} *');
  });
});
