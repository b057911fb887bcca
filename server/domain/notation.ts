/**
 * Pure notation helpers for the domain: strict UCI parsing and SAN comparison. No chess rules here; legality is
 * decided by ChessBoard through chess.js.
 */
import { UCI_MOVE_PATTERN, type PromotionPiece } from '../../shared/vocabulary.js';

/** A move in coordinates. */
export interface UciMove {
  from: string;
  to: string;
  promotion?: PromotionPiece;
}

/** Parse strict UCI (`e2e4`, `e7e8q`); null when the text is not UCI. */
export function parseUci(text: string): UciMove | null {
  const match = UCI_MOVE_PATTERN.exec(text);
  if (!match) return null;
  const [, from, to, promotion] = match;
  return promotion ? { from: from!, to: to!, promotion: promotion as PromotionPiece } : { from: from!, to: to! };
}

/** Make UCI text from coordinates. */
export function makeUci(move: UciMove): string {
  return `${move.from}${move.to}${move.promotion ?? ''}`;
}

/**
 * The comparable core of a SAN string: without check/mate marks and annotations, `=` dropped from promotions,
 * zeros in castling read as O. `"e8=Q+"` -> `"e8Q"`, `"0-0-0"` -> `"O-O-O"`, `"Nf3!?"` -> `"Nf3"`.
 */
export function sanKey(san: string): string {
  return san
    .trim()
    .replace(/[+#!?]+$/u, '')
    .replace(/^0-0-0$/u, 'O-O-O')
    .replace(/^0-0$/u, 'O-O')
    .replace(/=/gu, '');
}
