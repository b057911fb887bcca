/**
 * The board from one side: ranks on both sides, files below, coloured squares, the last move and a checked king
 * marked by a character next to the piece as well as by colour. Moving by cursor adds the cursor (`◂`), the
 * picked-up piece (`◆`) and its legal targets (`•` on an empty square, `x` on a capture). Squares are 1, 2, 4
 * or 6 columns wide and 1, 2 or 3 lines tall (layout.ts); the glyph sits on the middle line.
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import type { Color } from '../../shared/vocabulary.js';
import { glyphChar, markChar, pictureBoard, type BoardFocus, type Cell } from '../board-cells.js';
import type { CellWidth } from '../layout.js';
import { PIECE_COLORS, SQUARE_COLORS } from './theme.js';

export interface BoardViewProps {
  state: Pick<GameState, 'fen' | 'lastMove' | 'check' | 'turn'>;
  orientation: Color;
  ascii: boolean;
  /** 2, 4, 6: glyph and mark in the middle of the square; 1: glyph only (very small terminals). */
  cellWidth: CellWidth;
  cellHeight?: 1 | 2 | 3;
  /** The cursor, a picked-up piece and its targets, when moving by cursor. */
  focus?: BoardFocus | null;
  /** Squares in colour (false under NO_COLOR: empty squares then show `.`). */
  colors?: boolean;
}

function squareColor(cell: Cell): string {
  if (cell.focus === 'cursor') return SQUARE_COLORS.cursor;
  if (cell.focus === 'selected') return SQUARE_COLORS.selected;
  if (cell.isTarget) return cell.isLight ? SQUARE_COLORS.targetLight : SQUARE_COLORS.targetDark;
  if (cell.mark === 'check') return SQUARE_COLORS.check;
  if (cell.mark === 'last-move') return cell.isLight ? SQUARE_COLORS.lastMoveLight : SQUARE_COLORS.lastMoveDark;
  return cell.isLight ? SQUARE_COLORS.light : SQUARE_COLORS.dark;
}

/** The text of one square on one of its lines. */
function cellText(cell: Cell, width: CellWidth, middle: boolean): string {
  if (!middle) return ' '.repeat(width);
  if (width === 1) return cell.piece || cell.isTarget ? glyphChar(cell) : markChar(cell);
  const pad = ' '.repeat((width - 2) / 2);
  return `${pad}${glyphChar(cell)}${markChar(cell)}${pad}`;
}

export const BoardView = memo(function BoardView({
  state,
  orientation,
  ascii,
  cellWidth,
  cellHeight = 1,
  focus = null,
  colors = true,
}: BoardViewProps) {
  const picture = pictureBoard(state, orientation, ascii, focus, colors ? (ascii ? '.' : ' ') : ascii ? '.' : '·');
  const middle = Math.floor(cellHeight / 2);
  const lines = Array.from({ length: cellHeight }, (_, line) => line);
  const filePad = ' '.repeat(cellWidth === 1 ? 0 : (cellWidth - 2) / 2);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {picture.rows.flatMap((row, index) =>
        lines.map((line) => {
          const label = line === middle ? picture.rankLabels[index]! : ' ';
          return (
            <Text key={`${picture.rankLabels[index]}-${line}`}>
              <Text dimColor>{label} </Text>
              {row.map((cell) => (
                <Text
                  key={cell.square}
                  backgroundColor={squareColor(cell)}
                  color={cell.piece ? PIECE_COLORS[cell.piece.color] : PIECE_COLORS.black}
                  bold={cell.mark !== null || cell.piece !== null || cell.focus !== null}
                  inverse={!colors && cell.focus === 'cursor'}
                >
                  {cellText(cell, cellWidth, line === middle)}
                </Text>
              ))}
              <Text dimColor> {label}</Text>
            </Text>
          );
        }),
      )}
      <Text dimColor>
        {'  '}
        {picture.fileLabels.map((file) => `${filePad}${file}`.padEnd(cellWidth)).join('')}
      </Text>
    </Box>
  );
});
