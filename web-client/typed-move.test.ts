/**
 * The move field forgives notation (the list: UCI or SAN, any case, 0-0/O-O, `e2 e4`, `e2-e4`, optional
 * `=`, and long algebraic with a piece letter): each form, normalised by shared/move-input.ts, is a move the
 * real service plays.
 */
import { describe, expect, it } from 'vitest';
import { ChessBoard } from '../server/domain/chess-board.js';
import { normalizeMoveInput } from '../shared/move-input.js';

/** Play `typed` as the side to move in a game from `fen`; the SAN the rules recorded. */
function playTyped(typed: string, fen?: string): string {
  let initialFen: string | null = null;
  if (fen !== undefined) {
    const parsed = ChessBoard.parseStartFen(fen);
    if (!parsed.ok) throw new Error(parsed.message);
    initialFen = parsed.value;
  }
  const board = ChessBoard.create('typedmove001', AT, initialFen);
  if (!board.join('w', 'hash-w', AT, 'white').ok || !board.join('b', 'hash-b', AT, 'black').ok) {
    throw new Error('join failed');
  }
  const text = normalizeMoveInput(typed);
  if (text === null) throw new Error('empty');
  const moved = board.move(board.turn, text, AT, 0);
  if (!moved.ok) throw new Error(`${typed} -> ${text}: ${moved.message}`);
  return board.state().moves.at(-1)!;
}

const AT = '2026-11-21T17:00:00.000Z';
const CASTLING = 'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1';
const PROMOTION = '7k/4P3/8/8/8/8/8/4K3 w - - 0 1';

describe('typed moves', () => {
  it.each([
    ['e2e4', undefined, 'e4'],
    ['E2E4', undefined, 'e4'],
    ['e2 e4', undefined, 'e4'],
    ['e2-e4', undefined, 'e4'],
    ['e4', undefined, 'e4'],
    ['nf3', undefined, 'Nf3'],
    ['Ng1-f3', undefined, 'Nf3'],
    ['g1f3', undefined, 'Nf3'],
    ['0-0', CASTLING, 'O-O'],
    ['o-o-o', CASTLING, 'O-O-O'],
    ['O-O', CASTLING, 'O-O'],
    ['e8=Q', PROMOTION, 'e8=Q+'],
    ['e8q', PROMOTION, 'e8=Q+'],
    ['e7e8n', PROMOTION, 'e8=N'],
    ['E7-E8=R', PROMOTION, 'e8=R+'],
  ])('%s plays %s', (typed, fen, san) => {
    expect(playTyped(typed, fen)).toBe(san);
  });

  it('reads an empty field as no move', () => {
    expect(normalizeMoveInput('   ')).toBeNull();
  });
});
