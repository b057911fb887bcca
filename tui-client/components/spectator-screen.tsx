/**
 * A game seen by a spectator, drawn from plain props: the same board, side panel (players, clocks, captures,
 * moves) and sizes as the players' screen (layout.ts), a status line without "you", and, where the players have
 * their move field, a line saying the view is read-only (or the game-over banner). No field, no cursor.
 */
import { useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import { describeTimeControl } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';
import { describeSpectatorStatus } from '../describe.js';
import type { HealthStore } from '../health-store.js';
import type { Layout } from '../layout.js';
import { positionAfter } from '../positions.js';
import { ActionBar, type KeyHint } from './action-bar.js';
import { BoardView } from './board-view.js';
import { GameOverBanner } from './game-over-banner.js';
import { PlayersLine, SidePanel } from './side-panel.js';
import { TONE_COLORS, TONE_SIGNS } from './theme.js';

export interface SpectatorScreenProps {
  gameId: string;
  /** The game as last polled; null until the first answer. */
  game: GameState | null;
  health: HealthStore;
  layout: Layout;
  ascii: boolean;
  colors: boolean;
  /** Who sits at the bottom: white, unless flipped with v. */
  orientation: Color;
  /** A past position (half-moves from the start), or null for the game as it stands. */
  viewPly: number | null;
  receivedAt: number;
  /** The time now, refreshed by the caller once a second ("checked 2 s ago"). */
  time: number;
  now: () => number;
  /** A message in the status line's place, e.g. `PGN saved to …`. */
  notice?: string | null;
}

export function spectatorKeys(game: GameState | null, compact: boolean): KeyHint[] {
  const hints: KeyHint[] = [{ key: 'l', label: compact ? 'lobby' : 'back to the lobby' }];
  if (game) hints.push({ key: 'v', label: 'flip' }, { key: '[ ]', label: 'step' });
  if (game?.status === 'finished') hints.push({ key: 'p', label: 'save PGN' });
  hints.push({ key: 'q', label: 'quit' });
  return hints;
}

function SpectatorStatus({
  game,
  health,
  time,
  lines,
  width,
}: {
  game: GameState | null;
  health: HealthStore;
  time: number;
  lines: 1 | 2;
  width: number;
}) {
  const news = useSyncExternalStore(health.subscribe, health.getSnapshot);
  const status = describeSpectatorStatus(game, news, time);
  const line = (
    <Text wrap={lines === 2 ? 'wrap' : 'truncate-end'} color={TONE_COLORS[status.tone]} bold={status.tone === 'check'}>
      {TONE_SIGNS[status.tone]} {status.text}
    </Text>
  );
  return lines === 2 ? (
    <Box height={2} overflow="hidden" width={width}>
      {line}
    </Box>
  ) : (
    line
  );
}

export function SpectatorScreen(props: SpectatorScreenProps) {
  const { game, layout, orientation, viewPly, receivedAt, now } = props;
  const past = game && viewPly !== null ? positionAfter(game, viewPly) : null;
  const padding = Array.from({ length: layout.fieldLines - 1 }, (_, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: blank padding lines have no identity but their place.
    <Text key={index}> </Text>
  ));
  return (
    <Box flexDirection="column" width={layout.columns}>
      {layout.header ? (
        <Text wrap="truncate-end">
          <Text bold color="cyan">
            Rookery
          </Text>
          <Text dimColor> · watching game </Text>
          {props.gameId}
          {game ? <Text dimColor> · {describeTimeControl(game.timeControl ?? null)}</Text> : null}
        </Text>
      ) : null}
      {layout.spacing ? <Text> </Text> : null}
      {game ? (
        <Box flexDirection="row">
          <BoardView
            state={past ?? game}
            orientation={orientation}
            ascii={props.ascii}
            cellWidth={layout.cellWidth}
            cellHeight={layout.cellHeight}
            colors={props.colors}
          />
          {layout.sidePanel ? (
            <Box marginLeft={3}>
              <SidePanel
                game={game}
                color={null}
                orientation={orientation}
                ascii={props.ascii}
                width={layout.panelWidth}
                moveListRows={layout.moveListRows}
                receivedAt={receivedAt}
                now={now}
              />
            </Box>
          ) : null}
        </Box>
      ) : null}
      {game && layout.playersLine ? <PlayersLine game={game} color={null} receivedAt={receivedAt} now={now} /> : null}
      {layout.spacing ? <Text> </Text> : null}
      {past && game ? (
        <Text wrap="truncate-end" bold color="cyan">
          ◂ Looking back: after {viewPly} of {game.moves.length} half-moves
          {viewPly ? ` (${game.moves[viewPly - 1]})` : ''}. ] forward, Esc back to the game.
        </Text>
      ) : props.notice ? (
        <Text wrap="truncate-end" color="cyan">
          ✓ {props.notice}
        </Text>
      ) : (
        <SpectatorStatus
          game={game}
          health={props.health}
          time={props.time}
          lines={layout.statusLines}
          width={layout.columns}
        />
      )}
      {game?.status === 'finished' ? (
        <GameOverBanner game={game} color={null} framed={layout.fieldLines === 3} />
      ) : (
        <Box flexDirection="column" flexShrink={0}>
          <Text dimColor wrap="truncate-end">
            You are a spectator: the board follows the game by itself.
          </Text>
          {padding}
        </Box>
      )}
      {layout.actionBar ? (
        <ActionBar hints={spectatorKeys(game, layout.compactKeys)} compact={layout.compactKeys} />
      ) : null}
    </Box>
  );
}
