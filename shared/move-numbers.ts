/**
 * Move numbers, decided once for every client and the PGN: a game from a position starts at that FEN's fullmove
 * number, and with black's move when black is to move (`12... e5 13. Nf3`). Pure: it reads the two FEN fields
 * and counts; the moves themselves are never checked.
 */
import type { Color } from './vocabulary.js';

/** One half-move with its number, e.g. `{number: 12, color: 'black', san: 'e5'}`. */
export interface NumberedMove {
  /** The fullmove number this half-move belongs to (white's and black's moves of a pair share it). */
  number: number;
  /** Who played it. */
  color: Color;
  /** The move as given (SAN). */
  san: string;
}

/** One numbered line of a move list, e.g. `{number: 1, white: 'e4', black: 'e5'}`; null for a side not played. */
export interface MoveRow {
  number: number;
  white: string | null;
  black: string | null;
}

/**
 * Where numbering starts: the side to move and the fullmove number of `initialFen` (FEN fields 2 and 6). A missing
 * or unreadable fullmove number counts as 1, as chess.js and the PGN standard read it.
 */
export function startOfNumbering(initialFen: string): { number: number; color: Color } {
  const fields = initialFen.trim().split(/\s+/u);
  const fullmove = Number(fields[5]);
  return {
    number: Number.isInteger(fullmove) && fullmove >= 1 ? fullmove : 1,
    color: fields[1] === 'b' ? 'black' : 'white',
  };
}

/** Every move of `sans` (played from `initialFen`) with its number and side. */
export function numberMoves(initialFen: string, sans: readonly string[]): NumberedMove[] {
  const start = startOfNumbering(initialFen);
  let { number, color } = start;
  return sans.map((san) => {
    const move = { number, color, san };
    if (color === 'black') number += 1;
    color = color === 'white' ? 'black' : 'white';
    return move;
  });
}

/** The moves in numbered rows, white's move then black's; a game that starts with black has `white: null` first. */
export function moveRows(initialFen: string, sans: readonly string[]): MoveRow[] {
  const rows: MoveRow[] = [];
  for (const move of numberMoves(initialFen, sans)) {
    let row = rows.at(-1);
    if (!row || row.number !== move.number) {
      row = { number: move.number, white: null, black: null };
      rows.push(row);
    }
    row[move.color] = move.san;
  }
  return rows;
}

/**
 * The movetext tokens PGN writes (standard 8.2.2): a number before each white move (`"13."`), and before black's
 * move only when it comes first (`"12..."`). Joined with spaces: `"12... e5 13. Nf3"`.
 */
export function moveTokens(initialFen: string, sans: readonly string[]): string[] {
  const tokens: string[] = [];
  for (const [index, move] of numberMoves(initialFen, sans).entries()) {
    if (move.color === 'white') tokens.push(`${move.number}.`);
    else if (index === 0) tokens.push(`${move.number}...`);
    tokens.push(move.san);
  }
  return tokens;
}
