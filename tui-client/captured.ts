/**
 * The pieces each side has lost since the game's own start position (`initialFen`), so a game set up from a FEN
 * does not count the pieces that were never on its board as captured. Display only: it compares two placements
 * the server sent.
 */
import { parsePlacement, type PieceType } from '../shared/board.js';
import type { Color } from '../shared/vocabulary.js';

const ORDER = ['q', 'r', 'b', 'n', 'p'] as const;

function counts(fen: string): Record<Color, Record<PieceType, number>> {
  const found: Record<Color, Record<PieceType, number>> = {
    white: { k: 0, q: 0, r: 0, b: 0, n: 0, p: 0 },
    black: { k: 0, q: 0, r: 0, b: 0, n: 0, p: 0 },
  };
  for (const row of parsePlacement(fen))
    for (const square of row) if (square.piece) found[square.piece.color][square.piece.type]++;
  return found;
}

/**
 * Pieces of each colour gone since `initialFen`, most valuable first, e.g. `{white: [], black: ['n', 'p']}`
 * (a promoted pawn counts as a lost pawn; the new piece is not counted as lost).
 */
export function lostSince(initialFen: string, fen: string): Record<Color, PieceType[]> {
  const before = counts(initialFen);
  const now = counts(fen);
  const lost: Record<Color, PieceType[]> = { white: [], black: [] };
  for (const color of ['white', 'black'] as const)
    for (const type of ORDER) for (let n = now[color][type]; n < before[color][type]; n++) lost[color].push(type);
  return lost;
}
