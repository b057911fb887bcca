/**
 * The terminal client's root: takes a seat, polls the game, and turns keys into actions. State lives in one
 * pure reducer (ui-state.ts); network work lives in plain async functions (session.ts, actions.ts) and the
 * polling hook; quitting goes through Ink's `exit`, which restores the terminal.
 *
 * Keys go through one handler registered once: Ink re-subscribes a handler whose identity changes after every
 * render, in a passive effect that can run late, and a key arriving in between would meet a stale handler (or
 * none, for a field just mounted). So the handler is stable, reads the latest render through a ref, and edits
 * the move text through the reducer.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { Text, useApp, useInput, type Key } from 'ink';
import type { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import type { DrawAction } from '../shared/vocabulary.js';
import {
  drawActionFor,
  parseCommand,
  resignGame,
  sendDrawAction,
  submitMove,
  type ActionOutcome,
  type Command,
} from './actions.js';
import { GameScreen } from './components/game-screen.js';
import { chooseLayout } from './layout.js';
import { completeMove, labelMoves } from './move-labels.js';
import type { SeatStore } from './seat-store.js';
import type { SessionRequest } from './session.js';
import { INITIAL_UI, uiReducer } from './ui-state.js';
import { usePolling } from './use-polling.js';
import { useSession } from './use-session.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  /** For actions (moves, resign, draws): retries safe calls. */
  client: RookeryClient;
  /** For polling: no retries of its own, the loop backs off and shows the network state. */
  pollClient: RookeryClient;
  seats: SeatStore;
  request: SessionRequest;
  intervalMs: number;
  ascii: boolean;
  /** Terminal size to lay out for, instead of stdout's (tests). */
  size?: { columns: number; rows: number };
  /** The time now (status line, local clock countdown), injectable for tests. */
  now?: () => number;
}

/** What `waitUntilExit()` resolves with: the seat to mention when the player quits. */
export interface AppExit {
  gameId: string | null;
  finished: boolean;
}

/** Keys that act while the move field is empty (none can start a move, except q: see the help). */
export const HOTKEYS = ['?', 'v', '=', '-', 's', 'q'] as const;
type Hotkey = (typeof HOTKEYS)[number];

function isHotkey(input: string): input is Hotkey {
  return (HOTKEYS as readonly string[]).includes(input);
}

export function App({ client, pollClient, seats, request, intervalMs, ascii, size, now = Date.now }: AppProps) {
  const { exit } = useApp();
  const [ui, dispatch] = useReducer(uiReducer, INITIAL_UI);
  useSession(client, seats, request, dispatch, now);
  // The time of arrival goes with every state: a timed game's clock counts down locally from it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `now` is fixed for the app's life.
  const onState = useCallback((state: GameState) => dispatch({ type: 'state-received', state, receivedAt: now() }), []);
  // A finished game never changes again: the loop stops there.
  const polledGame = ui.game?.status === 'finished' ? null : (ui.seat?.gameId ?? null);
  const health = usePolling(pollClient, polledGame, intervalMs, onState);
  const terminal = useTerminalSize();

  const { game, seat } = ui;
  const canMove = game?.status === 'active' && game.turn === seat?.color;
  const labelled = useMemo(() => (game && canMove ? labelMoves(game.fen, game.legalMoves) : []), [game, canMove]);
  const completions = useMemo(
    () => completeMove(ui.completionBase ?? ui.input, labelled),
    [ui.completionBase, ui.input, labelled],
  );

  useEffect(() => {
    // Quit with the reason; cli.tsx prints it after Ink has let go of the terminal.
    if (ui.fatal) exit(new Error(ui.fatal));
  }, [ui.fatal, exit]);

  const quit = () => exit({ gameId: seat?.gameId ?? null, finished: game?.status === 'finished' } satisfies AppExit);

  const run = (label: string, action: () => Promise<ActionOutcome>, clearInput: boolean) => {
    dispatch({ type: 'request-started', label });
    void action().then((outcome) =>
      dispatch({
        type: 'request-finished',
        state: outcome.state,
        notice: outcome.notice,
        clearInput: clearInput && outcome.notice?.tone !== 'error',
        receivedAt: now(),
      }),
    );
  };

  const draw = (action: DrawAction | null) => {
    if (!game || !seat) return;
    if (!action) {
      const text =
        game.drawOffer === seat.color
          ? 'Your draw offer is still open.'
          : 'There is no draw to offer, accept or claim now.';
      dispatch({
        type: 'request-finished',
        state: null,
        notice: { tone: 'info', text },
        clearInput: true,
        receivedAt: now(),
      });
      return;
    }
    run(`Sending draw ${action}…`, () => sendDrawAction(client, seat, action), true);
  };

  const command = (name: Command | Hotkey) => {
    if (!game || !seat) return;
    dispatch({ type: 'input-changed', input: '' });
    switch (name) {
      case '?':
      case 'help':
        return dispatch({ type: 'overlay-opened', overlay: 'help' });
      case 'v':
      case 'flip':
        return dispatch({ type: 'flipped' });
      case '=':
      case 'draw':
        return draw(drawActionFor(game, seat));
      case 'offer':
      case 'accept':
      case 'claim':
        return draw(name);
      case '-':
      case 'decline':
        return draw(game.status === 'active' && game.drawOffer && game.drawOffer !== seat.color ? 'decline' : null);
      case 's':
      case 'resign':
        if (game.status !== 'finished') dispatch({ type: 'overlay-opened', overlay: 'confirm-resign' });
        return;
      case 'q':
      case 'quit':
        return quit();
    }
  };

  const submit = (text: string) => {
    if (!game || !seat || ui.pending || text.trim() === '') return;
    const named = parseCommand(text);
    if (named) return command(named);
    run(`Sending ${text.trim()}…`, () => submitMove(client, seat, game, text), true);
  };

  const handleKey = (input: string, key: Key) => {
    if (!game || !seat) {
      if (input === 'q' || key.escape) quit();
      return;
    }
    if (ui.overlay === 'help') {
      if (key.escape || key.return || input === '?') dispatch({ type: 'overlay-closed' });
      else if (input === 'q') quit();
      return;
    }
    if (ui.overlay === 'confirm-resign') {
      if (input === 'y' || input === 'Y') {
        dispatch({ type: 'overlay-closed' });
        run('Resigning…', () => resignGame(client, seat), true);
      } else if (input === 'n' || input === 'N' || key.escape) {
        dispatch({ type: 'overlay-closed' });
      }
      return;
    }
    const fieldShown = game.status !== 'finished';
    if (key.escape || (key.ctrl && input === 'u')) return dispatch({ type: 'input-changed', input: '' });
    if (ui.pending) return;
    if (key.tab) {
      const choice =
        ui.notice?.suggestion ??
        (completions.length ? completions[ui.completionIndex % completions.length] : undefined);
      if (choice) dispatch({ type: 'completion-taken', input: choice });
      return;
    }
    if (key.return) return submit(ui.input);
    // Terminals send DEL (which Ink reports as delete) for the Backspace key.
    if (key.backspace || key.delete) return dispatch({ type: 'field-backspace' });
    if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || input === '') return;
    if ((ui.input === '' || !fieldShown) && isHotkey(input)) return command(input);
    if (!fieldShown) return;
    // Keys that arrive together (a move and Enter in one read, or a pasted line) come as one string.
    const newline = input.search(/[\r\n]/u);
    const text = (newline >= 0 ? input.slice(0, newline) : input).replace(/\p{Cc}/gu, '');
    if (newline >= 0) {
      const line = (ui.inputSelected ? '' : ui.input) + text;
      dispatch({ type: 'input-changed', input: line });
      submit(line);
    } else if (text !== '') {
      dispatch({ type: 'field-typed', text });
    }
  };

  // The latest render's handler, reached by the one stable handler Ink holds.
  const latestHandler = useRef(handleKey);
  latestHandler.current = handleKey;
  useInput(useCallback((input: string, key: Key) => latestHandler.current(input, key), []));

  const layout = chooseLayout(size?.columns ?? terminal.columns, size?.rows ?? terminal.rows);

  // cli.tsx prints the reason once Ink has let go of the terminal.
  if (ui.fatal) return null;
  if (!game || !seat) {
    return (
      <Text>
        ↻ Taking a seat on {request.server} as {request.name}…<Text dimColor> (q quits)</Text>
      </Text>
    );
  }
  return (
    <GameScreen
      game={game}
      seat={seat}
      health={health}
      layout={layout}
      ascii={ascii}
      flipped={ui.flipped}
      overlay={ui.overlay}
      input={ui.input}
      inputSelected={ui.inputSelected}
      pending={ui.pending}
      notice={ui.notice}
      completions={completions}
      receivedAt={ui.receivedAt}
      now={now}
    />
  );
}
