/**
 * The whole playing screen, drawn from plain props: header, board with the side panel, status line, the move
 * field (or the game-over banner, a question, the promotion chooser), and the action bar. The help overlay takes
 * the board's place, so the frame keeps its height. Looking back through the game (`viewPly`) draws that past
 * position and says so on the title line.
 */
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import { describeTimeControl } from '../../shared/time-control.js';
import { opponentOf } from '../../shared/vocabulary.js';
import type { Notice } from '../actions.js';
import type { BoardFocus } from '../board-cells.js';
import type { HealthStore } from '../health-store.js';
import type { Layout } from '../layout.js';
import { positionAfter } from '../positions.js';
import type { Seat } from '../session.js';
import type { Overlay, PendingPromotion } from '../ui-state.js';
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
  /** Colours on screen (false under NO_COLOR). */
  colors?: boolean;
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
  /** Cursor, picked-up piece and its targets. */
  focus?: BoardFocus | null;
  /** The past position shown (half-moves from the start), or null for the game as it stands. */
  viewPly?: number | null;
  /** The pawn move waiting for its piece (overlay `promotion`). */
  promotion?: PendingPromotion | null;
  /** `l` opens the lobby after the game (offered in the key hints). */
  lobbyKey?: boolean;
}

/** One line for a question in place of the move field, padded to the field's height. */
function Question({ text, lines }: { text: string; lines: number }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold color="red" wrap="truncate-end">
        {text}
      </Text>
      {Array.from({ length: lines - 1 }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blank padding lines have no identity but their place.
        <Text key={index}> </Text>
      ))}
    </Box>
  );
}

export function GameScreen(props: GameScreenProps) {
  const { game, seat, layout, overlay, receivedAt } = props;
  const now = props.now ?? Date.now;
  const colors = props.colors ?? true;
  const orientation = props.flipped ? opponentOf(seat.color) : seat.color;
  const finished = game.status === 'finished';
  const canMove = game.status === 'active' && game.turn === seat.color;
  const viewPly = props.viewPly ?? null;
  const past = viewPly === null ? null : positionAfter(game, viewPly);
  // One-line fields have no notice line, and the game-over banner none at all: the notice (PGN saved, the
  // opponent asks for a rematch) takes the status line's place.
  const statusNotice = layout.fieldLines === 1 || finished ? props.notice : null;
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
        <HelpOverlay
          compact={layout.compactKeys}
          maxLines={
            layout.rows -
            1 -
            (layout.header ? 1 : 0) -
            (layout.spacing ? 2 : 0) -
            (layout.playersLine ? 1 : 0) -
            layout.statusLines -
            (layout.actionBar ? 1 : 0)
          }
        />
      ) : (
        <Box flexDirection="row">
          <BoardView
            state={past ?? game}
            orientation={orientation}
            ascii={props.ascii}
            cellWidth={layout.cellWidth}
            cellHeight={layout.cellHeight}
            focus={past ? null : (props.focus ?? null)}
            colors={colors}
          />
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
      {past ? (
        <Text wrap="truncate-end" bold color="cyan">
          ◂ Looking back: after {viewPly} of {game.moves.length} half-moves
          {viewPly ? ` (${game.moves[viewPly - 1]})` : ''}. ] forward, Esc back to the game.
        </Text>
      ) : (
        <StatusLine
          game={game}
          seat={seat}
          health={props.health}
          pending={props.pending}
          receivedAt={receivedAt}
          now={now}
          withClocks={!layout.sidePanel && !layout.playersLine}
          lines={layout.statusLines}
          width={layout.columns}
          notice={statusNotice}
        />
      )}
      {overlay === 'help' ? null : overlay === 'confirm-resign' ? (
        <Question text="Resign this game? Press y to resign, n or Esc to keep playing." lines={layout.fieldLines} />
      ) : overlay === 'confirm-abort' ? (
        <Question text="Abort this game? Press y to abort, n or Esc to keep it." lines={layout.fieldLines} />
      ) : overlay === 'promotion' && props.promotion ? (
        <Question
          text={`Promote on ${props.promotion.to} to: q queen, r rook, b bishop, n knight (Enter: queen, Esc: cancel)`}
          lines={layout.fieldLines}
        />
      ) : finished ? (
        <GameOverBanner game={game} color={seat.color} framed={layout.fieldLines === 3} />
      ) : (
        <MoveField
          value={props.input}
          selected={props.inputSelected ?? false}
          focus={overlay === 'none' && props.pending === null}
          completions={props.completions}
          canMove={canMove}
          notice={props.notice}
          lines={layout.fieldLines}
        />
      )}
      {layout.actionBar ? (
        <ActionBar
          hints={keyHints(game, seat, overlay, props.input !== '', props.lobbyKey ?? false)}
          compact={layout.compactKeys}
        />
      ) : null}
    </Box>
  );
}
