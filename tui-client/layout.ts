/**
 * Which parts fit the terminal, from 40×12 up. The frame is always kept below the terminal's height (Ink redraws
 * a frame that fills the screen by clearing the whole terminal, which flickers), so it has `rows - 1` lines.
 * The board (eight ranks and the files), the status line and the move field always fit; the rest is added while
 * lines remain, most useful first: the notice line under the field, the hint line, the key hints, the title,
 * the players line, a second status line, the blank lines. With room to spare the board grows: 4×2 characters a
 * square, then 6×3, so a large terminal is used rather than left empty.
 */

export interface Layout {
  /** Players, captured pieces and the move list beside the board. */
  sidePanel: boolean;
  /** Columns per square: 1 (glyph only, in terminals narrower than 20 columns), 2, 4 or 6. */
  cellWidth: CellWidth;
  /** Lines per square: 1, 2 or 3 (the glyph on the middle one). */
  cellHeight: 1 | 2 | 3;
  /** Blank lines around the board. */
  spacing: boolean;
  /** Rows available to the move list (when there is a side panel). */
  moveListRows: number;
  /** Width of the side panel in columns. */
  panelWidth: number;
  /** The title line (game id, colour, name). */
  header: boolean;
  /** Without a side panel: one line with both players and the material. */
  playersLine: boolean;
  /** The key hints at the bottom (the help is still on `?`). */
  actionBar: boolean;
  /** Short key labels in the action bar. */
  compactKeys: boolean;
  /** Lines of the status line: 2 lets a long status wrap instead of being cut. */
  statusLines: 1 | 2;
  /**
   * Lines of the move field: 3 (field, notice, hint), 2 (field, then the notice or else the hint), 1 (the field
   * only: a notice then takes the status line's place).
   */
  fieldLines: 1 | 2 | 3;
  columns: number;
  rows: number;
}

export type CellWidth = 1 | 2 | 4 | 6;

/** Board width: rank labels on both sides, eight squares. */
export function boardWidth(cellWidth: CellWidth): number {
  return 2 + 8 * cellWidth + 2;
}

/** Board lines: eight ranks of `cellHeight` lines and the file labels. */
export function boardLines(cellHeight: 1 | 2 | 3): number {
  return 8 * cellHeight + 1;
}

const PANEL_MIN_WIDTH = 26;
const PANEL_MAX_WIDTH = 44;
const GAP = 3;
/** Lines every frame has besides the board: the status line and the move field. */
const ESSENTIAL_LINES = 2;
/** Everything optional at its fullest: notice and hint (2), key hints, title, second status line, 2 blank lines. */
const FULL_EXTRAS = 7;

const BOARD_SIZES: { cellWidth: CellWidth; cellHeight: 1 | 2 | 3 }[] = [
  { cellWidth: 6, cellHeight: 3 },
  { cellWidth: 4, cellHeight: 2 },
];

export function chooseLayout(columns: number, rows: number): Layout {
  const safeColumns = columns > 0 ? columns : 80;
  const safeRows = rows > 0 ? rows : 24;
  const lines = safeRows - 1;

  // The largest board that leaves every other line and the side panel room (the panel needs 26 columns).
  const large = BOARD_SIZES.find(
    (size) =>
      lines >= boardLines(size.cellHeight) + ESSENTIAL_LINES + FULL_EXTRAS &&
      safeColumns >= boardWidth(size.cellWidth) + GAP + PANEL_MIN_WIDTH,
  );
  const cellWidth: CellWidth = large?.cellWidth ?? (safeColumns >= boardWidth(2) ? 2 : 1);
  const cellHeight = large?.cellHeight ?? 1;
  const board = boardLines(cellHeight);

  const spare = safeColumns - boardWidth(cellWidth) - GAP;
  const sidePanel = spare >= PANEL_MIN_WIDTH;
  const panelWidth = sidePanel ? Math.min(spare, PANEL_MAX_WIDTH) : 0;

  // Lines left once the board, the status line and the one-line field are placed, handed out in order.
  let left = lines - board - ESSENTIAL_LINES;
  const take = (count: number) => {
    if (left < count) return false;
    left -= count;
    return true;
  };
  const noticeLine = take(1);
  const hintLine = noticeLine && take(1);
  const actionBar = take(1);
  const header = take(1);
  const playersLine = !sidePanel && take(1);
  const secondStatusLine = take(1);
  const spacing = take(2);

  // Players (2 lines each with their captures) and the "Moves" title take 5 of the panel's lines.
  const moveListRows = sidePanel ? Math.max(1, board - 5 + (spacing ? 1 : 0)) : 0;
  return {
    sidePanel,
    cellWidth,
    cellHeight,
    spacing,
    moveListRows,
    panelWidth,
    header,
    playersLine,
    actionBar,
    compactKeys: safeColumns < 72,
    statusLines: secondStatusLine ? 2 : 1,
    fieldLines: hintLine ? 3 : noticeLine ? 2 : 1,
    columns: safeColumns,
    rows: safeRows,
  };
}
