/**
 * The lobby as a screen of the terminal client: polls the list shown (use-lobby.ts), turns keys into the
 * reducer's actions (lobby.ts), and hands the player's choice to the root (root.tsx): join a waiting game, watch
 * any game, or pair for a new one. Keys go through one stable handler that reads the latest state through a
 * ref, as in app.tsx (a key arriving before Ink re-subscribes must not meet a stale handler).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useApp, type Key } from 'ink';
import type { RookeryClient } from '../shared/api-client.js';
import { LobbyScreen, lobbyLayout } from './components/lobby-screen.js';
import { useScreenKeys, type KeyRouter } from './key-router.js';
import { currentCursor, INITIAL_LOBBY, lobbyReducer, selectedGame, type LobbyAction } from './lobby.js';
import { useLobby } from './use-lobby.js';
import { useTerminalSize } from './use-terminal-size.js';

/** A game that could not be joined because it is full, offered for watching. */
export interface WatchOffer {
  gameId: string;
}

export interface LobbyAppProps {
  /** For the listing: the loop backs off by itself, so no retries inside the client. */
  client: RookeryClient;
  server: string;
  intervalMs: number;
  /** A full game to offer for watching (the root sets it after a refused join). */
  offer?: WatchOffer | null;
  onJoin: (gameId: string) => void;
  onWatch: (gameId: string) => void;
  /** Quick pairing, as rookery-tui does without --lobby. */
  onNewGame: () => void;
  /** Terminal size to lay out for, instead of stdout's (tests). */
  size?: { columns: number; rows: number };
  now?: () => number;
  /** The root's keyboard (key-router.ts); without it the lobby listens itself. */
  keys?: KeyRouter;
}

/** "checked 2 s ago" goes stale: redraw the status once a second. */
function useSecondTick(now: () => number): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  return Math.max(time, now());
}

export function LobbyApp({
  client,
  server,
  intervalMs,
  offer = null,
  onJoin,
  onWatch,
  onNewGame,
  size,
  now = Date.now,
  keys,
}: LobbyAppProps) {
  const { exit } = useApp();
  const [lobby, apply] = useReducer(lobbyReducer, INITIAL_LOBBY);
  const latest = useRef(lobby);
  const dispatch = useCallback((action: LobbyAction) => {
    latest.current = lobbyReducer(latest.current, action);
    apply(action);
  }, []);
  const [question, setQuestion] = useState<WatchOffer | null>(offer);
  const latestQuestion = useRef(question);
  latestQuestion.current = question;
  const terminal = useTerminalSize();
  const layout = lobbyLayout(size?.columns ?? terminal.columns, size?.rows ?? terminal.rows);
  useLobby(client, lobby.tab, currentCursor(lobby), layout.listRows, intervalMs, dispatch, now);
  const time = useSecondTick(now);

  const handleKey = (input: string, key: Key) => {
    const state = latest.current;
    const asked = latestQuestion.current;
    if (asked) {
      if (input === 'w' || input === 'W' || key.return) return onWatch(asked.gameId);
      if (key.escape || input === 'n' || input === 'N') return setQuestion(null);
      if (input === 'q') return exit();
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) return exit();
    if (key.upArrow) return dispatch({ type: 'selection-moved', delta: -1 });
    if (key.downArrow) return dispatch({ type: 'selection-moved', delta: 1 });
    if (key.tab || key.leftArrow || key.rightArrow) return dispatch({ type: 'tab-switched' });
    if (input === ']' || key.pageDown) return dispatch({ type: 'page-older' });
    if (input === '[' || key.pageUp) return dispatch({ type: 'page-newer' });
    if (/^[0-9]$/u.test(input)) return dispatch({ type: 'digit-typed', digit: input });
    if (key.escape || key.backspace || key.delete) return dispatch({ type: 'typed-cleared' });
    if (input === 'n') return onNewGame();
    const game = selectedGame(state);
    if (key.return || input === 'w' || input === 'j') {
      dispatch({ type: 'typed-cleared' });
      if (!game) return dispatch({ type: 'notice-shown', notice: 'No game picked: the list is empty.' });
      if (input === 'w') return onWatch(game.id);
      if (game.status === 'waiting') return onJoin(game.id);
      if (input === 'j') return dispatch({ type: 'notice-shown', notice: 'Both seats of that game are taken.' });
      return onWatch(game.id);
    }
  };
  useScreenKeys(handleKey, keys);

  // The server's longer reason does not fit 40 columns; the key hints under it say how to answer.
  const questionText = question ? `Game ${question.gameId} is full: watch it instead?` : null;
  return <LobbyScreen lobby={lobby} layout={layout} server={server} now={time} question={questionText} />;
}
