/**
 * Beside the board: the two players (the one at the top of the board first) with their clocks in a timed game,
 * what each has captured, the material balance, and the numbered move list (the latest moves that fit).
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import { materialCount, pieceGlyph, pieceLetter, type PieceType } from '../../shared/board.js';
import { moveRows } from '../../shared/move-numbers.js';
import { opponentOf, type Color } from '../../shared/vocabulary.js';
import { lostSince } from '../captured.js';
import { playerName } from '../describe.js';
import { ClockView } from './clock-view.js';

export interface SidePanelProps {
  game: GameState;
  /** Our colour (marked "you"); null for a spectator. */
  color: Color | null;
  /** Who sits at the bottom of the board. */
  orientation: Color;
  ascii: boolean;
  width: number;
  moveListRows: number;
  /** When the answer carrying `game` arrived: the clocks count down from there. */
  receivedAt: number;
  now: () => number;
}

/** A side's clock, or nothing in an untimed game. */
export function SideClock({
  game,
  side,
  receivedAt,
  now,
}: {
  game: GameState;
  side: Color;
  receivedAt: number;
  now: () => number;
}) {
  if (!game.clock) return null;
  return (
    <ClockView
      clock={game.clock}
      receivedAt={receivedAt}
      color={side}
      finished={game.status === 'finished'}
      now={now}
    />
  );
}

/** Glyphs of captured pieces, e.g. "♟︎♟︎♞︎" (the pieces `color` took from the other side). */
export function capturedText(lost: PieceType[], capturedColor: Color, ascii: boolean): string {
  return lost
    .map((type) => (ascii ? pieceLetter({ color: capturedColor, type }) : pieceGlyph({ color: capturedColor, type })))
    .join('');
}

interface PlayerLineProps {
  game: GameState;
  side: Color;
  color: Color | null;
  ascii: boolean;
  width: number;
  receivedAt: number;
  now: () => number;
}

function PlayerLine({ game, side, color, ascii, width, receivedAt, now }: PlayerLineProps) {
  const { balance } = materialCount(game.fen);
  // Counted from the game's own start: a game from a FEN has not "lost" the pieces it never had.
  const lost = lostSince(game.initialFen, game.fen);
  const taken = capturedText(lost[opponentOf(side)], opponentOf(side), ascii);
  const lead = side === 'white' ? balance : -balance;
  const toMove = game.status === 'active' && game.turn === side;
  const king = ascii ? pieceLetter({ color: side, type: 'k' }) : pieceGlyph({ color: side, type: 'k' });
  return (
    <Box flexDirection="column">
      <Box flexDirection="row" justifyContent="space-between" width={width}>
        <Text wrap="truncate-end">
          <Text color={toMove ? 'green' : undefined}>{toMove ? '▶' : ' '}</Text> {king}{' '}
          <Text bold>{playerName(game, side)}</Text>
          {side === color ? <Text dimColor> (you)</Text> : null}
          {game.players[side] === null ? <Text dimColor> (seat free)</Text> : null}
        </Text>
        <Box flexShrink={0} marginLeft={1}>
          <SideClock game={game} side={side} receivedAt={receivedAt} now={now} />
        </Box>
      </Box>
      <Text wrap="truncate-end">
        {'    '}
        {taken}
        {lead > 0 ? <Text color="green"> +{lead}</Text> : null}
      </Text>
    </Box>
  );
}

/**
 * Move pairs as " 12. Nf3     Nc6" lines (" 12. ...     Nc6" when the game started with black), numbered from the
 * game's initial position, the latest `rows * columns` pairs, filled column by column.
 */
export function moveListLines(initialFen: string, moves: readonly string[], rows: number, columns: number): string[][] {
  const pairs = moveRows(initialFen, moves).map((row) =>
    `${`${row.number}.`.padStart(4)} ${(row.white ?? '...').padEnd(7)} ${row.black ?? ''}`.trimEnd(),
  );
  const shown = pairs.slice(-Math.max(0, rows * columns));
  const grid: string[][] = [];
  for (let column = 0; column * rows < shown.length; column++)
    grid.push(shown.slice(column * rows, column * rows + rows));
  return grid;
}

const PAIR_WIDTH = 21;

export const SidePanel = memo(function SidePanel({
  game,
  color,
  orientation,
  ascii,
  width,
  moveListRows,
  receivedAt,
  now,
}: SidePanelProps) {
  const top = opponentOf(orientation);
  const columns = Math.max(1, Math.floor(width / PAIR_WIDTH));
  const grid = moveListLines(game.initialFen, game.moves, moveListRows, columns);
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <PlayerLine {...{ game, color, ascii, width, receivedAt, now }} side={top} />
      <PlayerLine {...{ game, color, ascii, width, receivedAt, now }} side={orientation} />
      <Text dimColor>Moves {game.moves.length === 0 ? '(none yet)' : `(${Math.ceil(game.moves.length / 2)})`}</Text>
      <Box flexDirection="row">
        {grid.map((column, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions in a fixed grid; the index is their identity.
          <Box key={index} flexDirection="column" width={PAIR_WIDTH}>
            {column.map((line) => (
              <Text key={line} wrap="truncate-end">
                {line}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
});

/** One line for small terminals: both players (with their clocks in a timed game) and the material balance. */
export function PlayersLine({
  game,
  color,
  receivedAt,
  now,
}: {
  game: GameState;
  /** Our colour (marked "you"); null for a spectator. */
  color: Color | null;
  receivedAt: number;
  now: () => number;
}) {
  const { balance } = materialCount(game.fen);
  const lead = balance === 0 ? 'even' : `${balance > 0 ? 'White' : 'Black'} +${Math.abs(balance)}`;
  const you = (side: Color) => (side === color ? ' (you)' : '');
  return (
    <Text wrap="truncate-end">
      <Text dimColor>
        {playerName(game, 'white')}
        {you('white')}
        {game.clock ? ' ' : ''}
      </Text>
      <SideClock game={game} side="white" receivedAt={receivedAt} now={now} />
      <Text dimColor>
        {' '}
        vs {playerName(game, 'black')}
        {you('black')}
        {game.clock ? ' ' : ''}
      </Text>
      <SideClock game={game} side="black" receivedAt={receivedAt} now={now} />
      <Text dimColor>
        {' '}
        · material {lead} · {game.moves.length} plies
      </Text>
    </Text>
  );
}
