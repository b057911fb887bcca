/**
 * Watching a game as a spectator (`--watch ID`, or w in the lobby): the game polled as the players' screen polls
 * it (usePolling: conditional reads, one at a time, backing off while the server cannot be reached), drawn
 * read-only. Keys: v flips the board, [ ] step through the game, p saves the PGN once it is over, l goes back
 * to the lobby, q quits.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useApp, type Key } from 'ink';
import type { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { savePgn } from './actions.js';
import { SpectatorScreen } from './components/spectator-screen.js';
import { useScreenKeys, type KeyRouter } from './key-router.js';
import { chooseLayout } from './layout.js';
import { usePolling } from './use-polling.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface SpectatorAppProps {
  /** For polling: no retries of its own, the loop backs off and shows the network state. */
  pollClient: RookeryClient;
  /** For the PGN. */
  client: RookeryClient;
  gameId: string;
  intervalMs: number;
  ascii: boolean;
  colors?: boolean;
  onLobby: () => void;
  pgnDirectory?: string;
  size?: { columns: number; rows: number };
  now?: () => number;
  /** The root's keyboard (key-router.ts); without it the view listens itself. */
  keys?: KeyRouter;
}

interface WatchState {
  game: GameState | null;
  receivedAt: number;
  flipped: boolean;
  viewPly: number | null;
}

type WatchAction =
  | { type: 'state-received'; state: GameState; receivedAt: number }
  | { type: 'flipped' }
  | { type: 'view-stepped'; ply: number | null };

function watchReducer(state: WatchState, action: WatchAction): WatchState {
  switch (action.type) {
    case 'state-received':
      if (state.game && action.state.version <= state.game.version) return state;
      return { ...state, game: action.state, receivedAt: action.receivedAt };
    case 'flipped':
      return { ...state, flipped: !state.flipped };
    case 'view-stepped':
      return { ...state, viewPly: action.ply };
  }
}

const INITIAL_WATCH: WatchState = { game: null, receivedAt: 0, flipped: false, viewPly: null };

export function SpectatorApp({
  pollClient,
  client,
  gameId,
  intervalMs,
  ascii,
  colors = true,
  onLobby,
  pgnDirectory = process.cwd(),
  size,
  now = Date.now,
  keys,
}: SpectatorAppProps) {
  const { exit } = useApp();
  const [watch, apply] = useReducer(watchReducer, INITIAL_WATCH);
  const latest = useRef(watch);
  const dispatch = useCallback((action: WatchAction) => {
    latest.current = watchReducer(latest.current, action);
    apply(action);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `now` is fixed for the app's life.
  const onState = useCallback((state: GameState) => dispatch({ type: 'state-received', state, receivedAt: now() }), []);
  const health = usePolling(pollClient, gameId, intervalMs, onState);
  const terminal = useTerminalSize();
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  const [saved, setSaved] = useState<string | null>(null);

  const handleKey = (input: string, key: Key) => {
    const { game, viewPly } = latest.current;
    if (input === 'q' || (key.ctrl && input === 'c')) return exit();
    if (input === 'l') return onLobby();
    if (!game) return;
    if (input === 'v') return dispatch({ type: 'flipped' });
    if (key.escape) return dispatch({ type: 'view-stepped', ply: null });
    if (input === '[' || input === ']' || key.pageUp || key.pageDown) {
      const current = viewPly ?? game.moves.length;
      const next = Math.max(0, Math.min(game.moves.length, current + (input === '[' || key.pageUp ? -1 : 1)));
      return dispatch({ type: 'view-stepped', ply: next >= game.moves.length ? null : next });
    }
    if (input === 'p' && game.status === 'finished') {
      void savePgn(client, game.id, pgnDirectory).then((notice) => setSaved(notice.text));
    }
  };
  useScreenKeys(handleKey, keys);

  const layout = chooseLayout(size?.columns ?? terminal.columns, size?.rows ?? terminal.rows);
  return (
    <SpectatorScreen
      gameId={gameId}
      game={watch.game}
      health={health}
      layout={layout}
      ascii={ascii}
      colors={colors}
      orientation={watch.flipped ? 'black' : 'white'}
      viewPly={watch.viewPly}
      receivedAt={watch.receivedAt}
      time={Math.max(time, now())}
      now={now}
      notice={saved}
    />
  );
}
