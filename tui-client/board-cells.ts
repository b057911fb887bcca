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

/**
 * Moving by cursor: where the cursor is, the piece picked up, and the squares it may go to (from the server's
 * legal moves). `target` squares are drawn with a dot when empty and an `x` when a capture.
 */
export type CellFocus = 'cursor' | 'selected' | 'target' | null;

export interface BoardFocus {
  cursor: string | null;
  selected: string | null;
  targets: readonly string[];
}

/** One square as drawn, e.g. `{square: 'e4', glyph: '♙︎', piece: {...}, isLight: true, mark: 'last-move'}`. */
export interface Cell {
  square: string;
  /** The piece's glyph (or letter), or a space / `.` for an empty square. */
  glyph: string;
  piece: Piece | null;
  isLight: boolean;
  mark: CellMark;
  focus: CellFocus;
  /** A legal target of the picked-up piece (also when the cursor stands on it). */
  isTarget: boolean;
}

/** The character drawn after the glyph of a marked square. */
export const MARK_CHARS: Record<Exclude<CellMark, null>, string> = { 'last-move': '*', check: '+' };

/** The character after the glyph: cursor, then picked-up piece, then a capture target, then the marks above. */
export function markChar(cell: Cell): string {
  if (cell.focus === 'cursor') return '◂';
  if (cell.focus === 'selected') return '◆';
  if (cell.isTarget && cell.piece) return 'x';
  return cell.mark ? MARK_CHARS[cell.mark] : ' ';
}

/** The glyph: a target square that is empty shows a dot. */
export function glyphChar(cell: Cell): string {
  return cell.isTarget && !cell.piece ? '•' : cell.glyph;
}

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
  focus: BoardFocus | null = null,
  /** Drawn for an empty square: ' ' on coloured squares, '.' where the squares carry no colour. */
  empty: string = ascii ? '.' : ' ',
): BoardPicture {
  const board = parsePlacement(state.fen);
  const checked = state.check ? kingSquare(board, state.turn) : null;
  const moved = state.lastMove ? [state.lastMove.from, state.lastMove.to] : [];
  const rows = orientedRows(board, orientation).map((row) =>
    row.map((square): Cell => {
      const glyph = square.piece ? (ascii ? pieceLetter(square.piece) : pieceGlyph(square.piece)) : empty;
      const mark: CellMark = square.name === checked ? 'check' : moved.includes(square.name) ? 'last-move' : null;
      const isTarget = focus?.targets.includes(square.name) ?? false;
      const cellFocus: CellFocus =
        focus?.cursor === square.name
          ? 'cursor'
          : focus?.selected === square.name
            ? 'selected'
            : isTarget
              ? 'target'
              : null;
      return {
        square: square.name,
        glyph,
        piece: square.piece,
        isLight: square.isLight,
        mark,
        focus: cellFocus,
        isTarget,
      };
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
