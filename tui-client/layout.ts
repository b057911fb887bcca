/**
 * Which parts fit the terminal. The frame is always kept below the terminal's height (Ink redraws a frame that
 * fills the screen by clearing the whole terminal, which flickers). Space runs out in this order: the side panel
 * goes first (its players and material fold into one line), then blank lines, and only then does the board
 * shrink to one column per square.
 */

export interface Layout {
  /** Players, captured pieces and the move list beside the board. */
  sidePanel: boolean;
  /** Columns per square: 2 (glyph and mark) or 1 in very small terminals. */
  cellWidth: 1 | 2;
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
  columns: number;
  rows: number;
}

/** Board width: rank labels on both sides, eight squares. */
export function boardWidth(cellWidth: 1 | 2): number {
  return 2 + 8 * cellWidth + 2;
}

/** Lines outside the board: header, status, field, hint, notice, action bar. */
const FIXED_LINES = 6;
/** Board lines: eight ranks and the file labels. */
const BOARD_LINES = 9;
const PANEL_MIN_WIDTH = 26;
const GAP = 3;

export function chooseLayout(columns: number, rows: number): Layout {
  const safeColumns = columns > 0 ? columns : 80;
  const safeRows = rows > 0 ? rows : 24;
  const spare = safeColumns - boardWidth(2) - GAP;
  const sidePanel = spare >= PANEL_MIN_WIDTH && safeRows >= FIXED_LINES + BOARD_LINES + 3;
  const spacing = safeRows >= FIXED_LINES + BOARD_LINES + 4;
  const cellWidth = safeColumns >= boardWidth(2) && safeRows > FIXED_LINES + BOARD_LINES ? 2 : 1;
  const panelWidth = sidePanel ? Math.min(spare, 44) : 0;
  // The panel is as tall as the board; players and material take 4 of its lines, the "Moves" title one.
  const moveListRows = sidePanel ? BOARD_LINES - 5 + (spacing ? 1 : 0) : 0;
  // Below the full frame, lines go in this order: blank lines, the title, the players line, the key hints.
  const header = safeRows >= 17;
  const playersLine = !sidePanel && safeRows >= 18;
  const actionBar = safeRows >= 16;
  return {
    sidePanel,
    cellWidth,
    spacing,
    moveListRows,
    panelWidth,
    header,
    playersLine,
    actionBar,
    compactKeys: safeColumns < 72,
    columns: safeColumns,
    rows: safeRows,
  };
}
