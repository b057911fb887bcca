/**
 * The board from one side: ranks on both sides, files below, coloured squares, the last move and a checked king
 * marked by a character next to the piece as well as by colour.
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import type { Color } from '../../shared/vocabulary.js';
import { MARK_CHARS, pictureBoard, type Cell } from '../board-cells.js';
import { PIECE_COLORS, SQUARE_COLORS } from './theme.js';

export interface BoardViewProps {
  state: Pick<GameState, 'fen' | 'lastMove' | 'check' | 'turn'>;
  orientation: Color;
  ascii: boolean;
  /** 2: glyph and mark per square; 1: glyph only (very small terminals). */
  cellWidth: 1 | 2;
}

function squareColor(cell: Cell): string {
  if (cell.mark === 'check') return SQUARE_COLORS.check;
  if (cell.mark === 'last-move') return cell.isLight ? SQUARE_COLORS.lastMoveLight : SQUARE_COLORS.lastMoveDark;
  return cell.isLight ? SQUARE_COLORS.light : SQUARE_COLORS.dark;
}

function cellText(cell: Cell, cellWidth: 1 | 2): string {
  const mark = cell.mark ? MARK_CHARS[cell.mark] : ' ';
  if (cellWidth === 2) return `${cell.glyph}${mark}`;
  return cell.piece ? cell.glyph : mark;
}

export const BoardView = memo(function BoardView({ state, orientation, ascii, cellWidth }: BoardViewProps) {
  const picture = pictureBoard(state, orientation, ascii);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {picture.rows.map((row, index) => (
        <Text key={picture.rankLabels[index]}>
          <Text dimColor>{picture.rankLabels[index]} </Text>
          {row.map((cell) => (
            <Text
              key={cell.square}
              backgroundColor={squareColor(cell)}
              color={cell.piece ? PIECE_COLORS[cell.piece.color] : PIECE_COLORS.black}
              bold={cell.mark !== null || cell.piece !== null}
            >
              {cellText(cell, cellWidth)}
            </Text>
          ))}
          <Text dimColor> {picture.rankLabels[index]}</Text>
        </Text>
      ))}
      <Text dimColor>
        {'  '}
        {picture.fileLabels.map((file) => file.padEnd(cellWidth)).join('')}
      </Text>
    </Box>
  );
});
