/**
 * The board as rows of cells seen from one side: what each cell shows and why it is marked. The Ink board and
 * the line-mode text board both draw from this. A marked square (last move, king in check) carries a character
 * of its own next to the piece, so the mark never rests on colour alone.
 */
import type { GameState } from '../shared/api-schema.js';
import {
  FILES,
  RANKS,
  kingSquare,
  orientedRows,
  parsePlacement,
  pieceGlyph,
  pieceLetter,
  type Piece,
} from '../shared/board.js';
import type { Color } from '../shared/vocabulary.js';

/** Why a square stands out. */
export type CellMark = 'last-move' | 'check' | null;

/** One square as drawn, e.g. `{square: 'e4', glyph: '♙︎', piece: {...}, isLight: true, mark: 'last-move'}`. */
export interface Cell {
  square: string;
  /** The piece's glyph (or letter), or a space / `.` for an empty square. */
  glyph: string;
  piece: Piece | null;
  isLight: boolean;
  mark: CellMark;
}

/** The character drawn after the glyph of a marked square. */
export const MARK_CHARS: Record<Exclude<CellMark, null>, string> = { 'last-move': '*', check: '+' };

export interface BoardPicture {
  /** Eight rows, top row first, as seen by `orientation`. */
  rows: Cell[][];
  /** Rank labels top to bottom, e.g. `['8', …, '1']` for white. */
  rankLabels: string[];
  /** File labels left to right, e.g. `['a', …, 'h']` for white. */
  fileLabels: string[];
}

/** Cells of the game's position from `orientation`'s side. */
export function pictureBoard(
  state: Pick<GameState, 'fen' | 'lastMove' | 'check' | 'turn'>,
  orientation: Color,
  ascii: boolean,
): BoardPicture {
  const board = parsePlacement(state.fen);
  const checked = state.check ? kingSquare(board, state.turn) : null;
  const moved = state.lastMove ? [state.lastMove.from, state.lastMove.to] : [];
  const rows = orientedRows(board, orientation).map((row) =>
    row.map((square): Cell => {
      const glyph = square.piece ? (ascii ? pieceLetter(square.piece) : pieceGlyph(square.piece)) : ascii ? '.' : ' ';
      const mark: CellMark = square.name === checked ? 'check' : moved.includes(square.name) ? 'last-move' : null;
      return { square: square.name, glyph, piece: square.piece, isLight: square.isLight, mark };
    }),
  );
  const rankLabels = [...RANKS].reverse();
  const fileLabels = [...FILES];
  return orientation === 'white'
    ? { rows, rankLabels, fileLabels }
    : { rows, rankLabels: rankLabels.reverse(), fileLabels: fileLabels.reverse() };
}

/**
 * The board as plain text lines (line mode, docs): ranks on both sides, files below, marks after pieces.
 * Two columns per square: the glyph and the mark (or a space).
 */
export function textBoard(picture: BoardPicture): string[] {
  const lines = picture.rows.map((row, index) => {
    const rank = picture.rankLabels[index]!;
    const cells = row.map((cell) => `${cell.glyph}${cell.mark ? MARK_CHARS[cell.mark] : ' '}`).join('');
    return `${rank} ${cells} ${rank}`;
  });
  lines.push(`  ${picture.fileLabels.map((file) => `${file} `).join('')}`);
  return lines;
}
