/**
 * The whole playing screen, drawn from plain props: header, board with the side panel, status line, the move
 * field (or the game-over banner), and the action bar. The help overlay takes the board's place, so the frame
 * keeps its height.
 */
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import { describeTimeControl } from '../../shared/time-control.js';
import { opponentOf } from '../../shared/vocabulary.js';
import type { Notice } from '../actions.js';
import type { HealthStore } from '../health-store.js';
import type { Layout } from '../layout.js';
import type { Seat } from '../session.js';
import type { Overlay } from '../ui-state.js';
import { ActionBar, keyHints } from './action-bar.js';
import { BoardView } from './board-view.js';
import { GameOverBanner } from './game-over-banner.js';
import { HelpOverlay } from './help-overlay.js';
import { MoveField } from './move-field.js';
import { PlayersLine, SidePanel } from './side-panel.js';
import { StatusLine } from './status-line.js';

export interface GameScreenProps {
  game: GameState;
  seat: Seat;
  health: HealthStore;
  layout: Layout;
  ascii: boolean;
  flipped: boolean;
  overlay: Overlay;
  input: string;
  /** The field holds a refused move that the next key replaces. */
  inputSelected?: boolean;
  pending: string | null;
  notice: Notice | null;
  completions: string[];
  /** When the answer carrying `game` arrived (ms since the epoch): the clocks count down from there. */
  receivedAt: number;
  /** The time now, injectable for tests. */
  now?: () => number;
}

export function GameScreen(props: GameScreenProps) {
  const { game, seat, layout, overlay, receivedAt } = props;
  const now = props.now ?? Date.now;
  const orientation = props.flipped ? opponentOf(seat.color) : seat.color;
  const finished = game.status === 'finished';
  const canMove = game.status === 'active' && game.turn === seat.color;
  return (
    <Box flexDirection="column" width={layout.columns}>
      {layout.header ? (
        <Text wrap="truncate-end">
          <Text bold color="cyan">
            Rookery
          </Text>
          <Text dimColor> · game </Text>
          {game.id}
          <Text dimColor> · you play </Text>
          {seat.color}
          <Text dimColor> as </Text>
          {seat.name}
          <Text dimColor> · </Text>
          {describeTimeControl(game.timeControl ?? null)}
        </Text>
      ) : null}
      {layout.spacing ? <Text> </Text> : null}
      {overlay === 'help' ? (
        <HelpOverlay compact={layout.compactKeys} />
      ) : (
        <Box flexDirection="row">
          <BoardView state={game} orientation={orientation} ascii={props.ascii} cellWidth={layout.cellWidth} />
          {layout.sidePanel ? (
            <Box marginLeft={3}>
              <SidePanel
                game={game}
                color={seat.color}
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
      )}
      {layout.playersLine ? <PlayersLine game={game} color={seat.color} receivedAt={receivedAt} now={now} /> : null}
      {layout.spacing ? <Text> </Text> : null}
      <StatusLine
        game={game}
        seat={seat}
        health={props.health}
        pending={props.pending}
        receivedAt={receivedAt}
        now={now}
        withClocks={!layout.sidePanel && !layout.playersLine}
      />
      {overlay === 'help' ? null : overlay === 'confirm-resign' ? (
        <Box flexDirection="column">
          <Text bold color="red">
            Resign this game? Press y to resign, n or Esc to keep playing.
          </Text>
          <Text> </Text>
          <Text> </Text>
        </Box>
      ) : finished ? (
        <GameOverBanner game={game} color={seat.color} />
      ) : (
        <MoveField
          value={props.input}
          selected={props.inputSelected ?? false}
          focus={overlay === 'none' && props.pending === null}
          completions={props.completions}
          canMove={canMove}
          notice={props.notice}
        />
      )}
      {layout.actionBar ? (
        <ActionBar hints={keyHints(game, seat, overlay, props.input !== '')} compact={layout.compactKeys} />
      ) : null}
    </Box>
  );
}
