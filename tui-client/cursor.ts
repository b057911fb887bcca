/**
 * Moving by cursor: the arrow keys walk a cursor over the board as the player sees it (up is up on screen,
 * whichever side is at the bottom), Enter picks up a piece and then puts it on one of its targets. Which squares
 * are targets comes from the server's legal moves (UCI); nothing here knows the rules.
 */
import type { Color } from '../shared/vocabulary.js';

export type Direction = 'up' | 'down' | 'left' | 'right';

/** Where the cursor appears first: in front of the king's pawn, e2 for white, e7 for black. */
export function firstCursorSquare(color: Color): string {
  return color === 'white' ? 'e2' : 'e7';
}

/** The square one step away on screen, or the same square at the board's edge. */
export function stepSquare(square: string, direction: Direction, orientation: Color): string {
  const sign = orientation === 'white' ? 1 : -1;
  let file = square.charCodeAt(0) - 97;
  let rank = Number(square[1]) - 1;
  if (direction === 'up') rank += sign;
  if (direction === 'down') rank -= sign;
  if (direction === 'right') file += sign;
  if (direction === 'left') file -= sign;
  if (file < 0 || file > 7 || rank < 0 || rank > 7) return square;
  return `${String.fromCharCode(97 + file)}${rank + 1}`;
}

/** The squares the piece on `from` may move to, from the legal moves (`e2e4`, `e7e8q`…). */
export function targetsFrom(from: string, legalMoves: readonly string[]): string[] {
  return [...new Set(legalMoves.filter((uci) => uci.startsWith(from)).map((uci) => uci.slice(2, 4)))];
}

/** The legal moves from `from` to `to`: one, or four for a promotion. */
export function movesBetween(from: string, to: string, legalMoves: readonly string[]): string[] {
  return legalMoves.filter((uci) => uci.slice(0, 4) === `${from}${to}`);
}
