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
import { Text, useApp, type Key } from 'ink';
import type { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { describeTimeControl } from '../shared/time-control.js';
import type { DrawAction } from '../shared/vocabulary.js';
import {
  abortGame,
  drawActionFor,
  parseCommand,
  requestRematch,
  resignGame,
  savePgn,
  sendDrawAction,
  submitMove,
  type ActionOutcome,
  type Command,
  type Notice,
} from './actions.js';
import { canRematch } from './components/action-bar.js';
import { GameScreen } from './components/game-screen.js';
import { firstCursorSquare, movesBetween, stepSquare, targetsFrom, type Direction } from './cursor.js';
import { useScreenKeys, type KeyRouter } from './key-router.js';
import { chooseLayout } from './layout.js';
import { completeMove, labelMoves, openPromotion } from './move-labels.js';
import type { SeatStore } from './seat-store.js';
import type { SessionRequest } from './session.js';
import { INITIAL_UI, uiReducer, type PendingPromotion, type UiAction, type UiState } from './ui-state.js';
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
  /** Colours on screen (false under NO_COLOR). */
  colors?: boolean;
  /** Where `p` saves the PGN (default: the working directory). */
  pgnDirectory?: string;
  /** Terminal size to lay out for, instead of stdout's (tests). */
  size?: { columns: number; rows: number };
  /** The time now (status line, local clock countdown), injectable for tests. */
  now?: () => number;
  /** Opens the lobby: offered by `l` once the game is over. Without it there is no lobby key. */
  onLobby?: () => void;
  /**
   * The game asked for has no seat for us (game_full, color_taken): called with its id and the server's reason,
   * so that the caller can offer to watch it. Without it, that failure ends the app like any other.
   */
  onGameFull?: (gameId: string, message: string) => void;
  /** The root's keyboard (key-router.ts); without it the app listens itself. */
  keys?: KeyRouter;
}

/** What `waitUntilExit()` resolves with: the seat to mention when the player quits. */
export interface AppExit {
  gameId: string | null;
  finished: boolean;
}

/**
 * Keys that act while the move field is empty. None can start a move: `q` is not among them (`qh4` is a queen
 * move typed in lowercase), so quitting is `q` then Enter, or Ctrl-C.
 */
export const HOTKEYS = ['?', 'v', '=', '-', 's', 'x', 'p'] as const;
type Hotkey = (typeof HOTKEYS)[number];

function isHotkey(input: string): input is Hotkey {
  return (HOTKEYS as readonly string[]).includes(input);
}

const PROMOTION_PIECES = ['q', 'r', 'b', 'n'] as const;

function arrowOf(key: Key): Direction | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  return null;
}

export function App({
  client,
  pollClient,
  seats,
  request,
  intervalMs,
  ascii,
  colors = true,
  pgnDirectory = process.cwd(),
  size,
  now = Date.now,
  onLobby,
  onGameFull,
  keys,
}: AppProps) {
  const { exit } = useApp();
  const [ui, applyAction] = useReducer(uiReducer, INITIAL_UI);
  // The state after every action dispatched so far, ahead of the render that will show it (see keyHandler).
  const latest = useRef(ui);
  const dispatch = useCallback((action: UiAction) => {
    latest.current = uiReducer(latest.current, action);
    applyAction(action);
  }, []);
  useSession(client, seats, request, dispatch, now);
  // The time of arrival goes with every state: a timed game's clock counts down locally from it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `now` is fixed for the app's life.
  const onState = useCallback((state: GameState) => dispatch({ type: 'state-received', state, receivedAt: now() }), []);
  // A finished game is still polled: its players may ask for a rematch.
  const health = usePolling(pollClient, ui.seat?.gameId ?? null, intervalMs, onState);
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: the request and the callback are fixed for the app's life.
  useEffect(() => {
    if (ui.full === null) return;
    if (onGameFull && request.gameId) onGameFull(request.gameId, ui.full);
    else exit(new Error(ui.full));
  }, [ui.full, exit]);

  /**
   * The key handler for a UI state. Each key is handled with the state left by the key before it (`latest`),
   * not with the last render's: two keys read in one go (an arrow and Enter) must not meet a stale cursor.
   */
  const keyHandler = (ui: UiState) => {
    const { game, seat } = ui;
    const canMove = game?.status === 'active' && game.turn === seat?.color;
    const labelled = game && canMove ? labelMoves(game.fen, game.legalMoves) : [];
    const completions = completeMove(ui.completionBase ?? ui.input, labelled);

    const quit = () => exit({ gameId: seat?.gameId ?? null, finished: game?.status === 'finished' } satisfies AppExit);

    const tell = (notice: Notice) => dispatch({ type: 'notice-shown', notice });

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
        return tell({ tone: 'info', text });
      }
      run(`Sending draw ${action}…`, () => sendDrawAction(client, seat, action), true);
    };

    const askAbort = () => {
      if (!game) return;
      if (game.canAbort) return dispatch({ type: 'overlay-opened', overlay: 'confirm-abort' });
      tell({ tone: 'info', text: 'Only a game with fewer than two half-moves can be aborted; s resigns.' });
    };

    const rematch = () => {
      if (!game || !seat) return;
      if (!canRematch(game)) return tell({ tone: 'info', text: 'No rematch: nobody played against you.' });
      dispatch({ type: 'request-started', label: 'Asking for a rematch…' });
      void requestRematch(request.server, seat).then((outcome) => {
        if (!outcome.ok) {
          dispatch({
            type: 'request-finished',
            state: null,
            notice: outcome.notice,
            clearInput: true,
            receivedAt: now(),
          });
          return;
        }
        const { result } = outcome;
        const next = { gameId: result.gameId, color: result.color, token: result.token, name: seat.name };
        seats.save({ server: request.server, ...next });
        seats.remove(request.server, seat.gameId);
        dispatch({ type: 'session-opened', seat: next, state: result.game, origin: 'rematch', receivedAt: now() });
      });
    };

    const savePgnFile = () => {
      if (!game) return;
      dispatch({ type: 'request-started', label: 'Saving the PGN…' });
      void savePgn(client, game.id, pgnDirectory).then((notice) =>
        dispatch({ type: 'request-finished', state: null, notice, clearInput: false, receivedAt: now() }),
      );
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
          // Nobody to resign to yet: a waiting game is aborted instead.
          if (game.status === 'waiting') return askAbort();
          if (game.status !== 'finished') dispatch({ type: 'overlay-opened', overlay: 'confirm-resign' });
          return;
        case 'x':
        case 'abort':
          return askAbort();
        case 'p':
          return savePgnFile();
        case 'quit':
          return quit();
      }
    };

    const promote = (promotion: PendingPromotion, piece: (typeof PROMOTION_PIECES)[number]) => {
      if (!game || !seat) return;
      dispatch({ type: 'overlay-closed' });
      const uci = `${promotion.from}${promotion.to}${piece}`;
      run(`Sending ${uci}…`, () => submitMove(client, seat, game, uci), true);
    };

    const submit = (text: string) => {
      if (!game || !seat || ui.pending || text.trim() === '') return;
      // A lone q is quitting; anything longer that starts with q is a queen move (qh4).
      if (text.trim().toLowerCase() === 'q') return quit();
      const named = parseCommand(text);
      if (named) return command(named);
      const promotion = canMove ? openPromotion(text, labelled) : null;
      if (promotion) return dispatch({ type: 'promotion-asked', promotion });
      run(`Sending ${text.trim()}…`, () => submitMove(client, seat, game, text), true);
    };

    /** Enter with the field empty: pick up the piece under the cursor, or put the picked-up one down there. */
    const boardEnter = () => {
      if (!game || !seat || ui.cursor === null) return;
      const at = ui.cursor;
      if (!canMove) return tell({ tone: 'info', text: 'Not your move yet.' });
      if (ui.selected !== null) {
        if (at === ui.selected) return dispatch({ type: 'piece-selected', square: null });
        const moves = movesBetween(ui.selected, at, game.legalMoves);
        if (moves.length > 1) return dispatch({ type: 'promotion-asked', promotion: { from: ui.selected, to: at } });
        if (moves.length === 1) {
          const uci = moves[0]!;
          const label = labelled.find((move) => move.uci === uci)?.san ?? uci;
          return run(`Sending ${label}…`, () => submitMove(client, seat, game, uci), true);
        }
      }
      if (targetsFrom(at, game.legalMoves).length > 0) return dispatch({ type: 'piece-selected', square: at });
      tell({
        tone: 'info',
        text: ui.selected
          ? `${at} is not a square the piece on ${ui.selected} can go to.`
          : `No legal move starts on ${at}.`,
      });
    };

    const step = (delta: -1 | 1) => {
      if (!game) return;
      const current = ui.viewPly ?? game.moves.length;
      const next = Math.max(0, Math.min(game.moves.length, current + delta));
      dispatch({ type: 'view-stepped', ply: next >= game.moves.length ? null : next });
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
      if (ui.overlay === 'confirm-resign' || ui.overlay === 'confirm-abort') {
        if (input === 'y' || input === 'Y') {
          dispatch({ type: 'overlay-closed' });
          if (ui.overlay === 'confirm-resign') run('Resigning…', () => resignGame(client, seat), true);
          else run('Aborting…', () => abortGame(client, seat), true);
        } else if (input === 'n' || input === 'N' || key.escape) {
          dispatch({ type: 'overlay-closed' });
        }
        return;
      }
      if (ui.overlay === 'promotion') {
        const piece = PROMOTION_PIECES.find((letter) => letter === input.toLowerCase());
        if (ui.promotion && (piece || key.return)) promote(ui.promotion, piece ?? 'q');
        else if (key.escape) dispatch({ type: 'overlay-closed' });
        return;
      }
      const fieldShown = game.status !== 'finished';
      const fieldEmpty = ui.input === '' || !fieldShown;
      if (key.escape) {
        if (ui.viewPly !== null) return dispatch({ type: 'view-stepped', ply: null });
        if (ui.selected !== null) return dispatch({ type: 'piece-selected', square: null });
        if (ui.input === '' && ui.cursor !== null) return dispatch({ type: 'cursor-moved', square: null });
        return dispatch({ type: 'input-changed', input: '' });
      }
      if (key.ctrl && input === 'u') return dispatch({ type: 'input-changed', input: '' });
      if (fieldEmpty && (input === '[' || input === ']' || key.pageUp || key.pageDown)) {
        return step(input === '[' || key.pageUp ? -1 : 1);
      }
      const arrow = arrowOf(key);
      if (arrow) {
        if (!fieldEmpty) return;
        const orientation = ui.flipped ? (seat.color === 'white' ? 'black' : 'white') : seat.color;
        const square = ui.cursor === null ? firstCursorSquare(seat.color) : stepSquare(ui.cursor, arrow, orientation);
        return dispatch({ type: 'cursor-moved', square });
      }
      if (ui.pending) return;
      if (key.tab) {
        const choice =
          ui.notice?.suggestion ??
          (completions.length ? completions[ui.completionIndex % completions.length] : undefined);
        if (choice) dispatch({ type: 'completion-taken', input: choice });
        return;
      }
      if (key.return) return ui.input === '' || !fieldShown ? boardEnter() : submit(ui.input);
      // Terminals send DEL (which Ink reports as delete) for the Backspace key.
      if (key.backspace || key.delete) return dispatch({ type: 'field-backspace' });
      if (key.ctrl || key.meta || input === '') return;
      if (!fieldShown) {
        // No field after the game: every key may be a hotkey, q quits at once.
        if (input === 'q') return quit();
        if (input === 'r') return rematch();
        if (input === 'l' && onLobby) {
          // The game is over: its seat is of no more use (cli.tsx does the same on quitting).
          seats.remove(request.server, seat.gameId);
          return onLobby();
        }
        if (isHotkey(input)) return command(input);
        return;
      }
      if (ui.input === '' && isHotkey(input)) return command(input);
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
    return handleKey;
  };

  // The latest render's handler, reached by the one stable handler Ink holds.
  useScreenKeys((input: string, key: Key) => keyHandler(latest.current)(input, key), keys);

  const layout = chooseLayout(size?.columns ?? terminal.columns, size?.rows ?? terminal.rows);

  // cli.tsx prints the reason once Ink has let go of the terminal.
  if (ui.fatal || ui.full) return null;
  if (!game || !seat) {
    return (
      <Text>
        {request.challenge
          ? `↻ Challenging ${request.challenge} (${describeTimeControl(request.timeControl ?? null)}) on ${request.server}…`
          : `↻ Taking a seat on ${request.server} as ${request.name}…`}
        <Text dimColor> (q quits)</Text>
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
      colors={colors}
      focus={{
        cursor: ui.cursor,
        selected: ui.selected,
        targets: ui.selected && canMove ? targetsFrom(ui.selected, game.legalMoves) : [],
      }}
      viewPly={ui.viewPly}
      promotion={ui.promotion}
      flipped={ui.flipped}
      overlay={ui.overlay}
      input={ui.input}
      inputSelected={ui.inputSelected}
      pending={ui.pending}
      notice={ui.notice}
      completions={completions}
      receivedAt={ui.receivedAt}
      now={now}
      lobbyKey={onLobby !== undefined}
    />
  );
}
