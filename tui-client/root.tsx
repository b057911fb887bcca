/**
 * Which screen the terminal client shows, and the ways between them: playing (app.tsx), the lobby
 * (lobby-app.tsx) and watching a game (spectator-app.tsx). The lobby is opened by `--lobby`, by `l` after a game
 * and from a spectator's view; `--watch ID` starts as a spectator. A join refused because the game is full
 * (game_full, color_taken) comes back to the lobby with the offer to watch that game. Each screen is mounted
 * afresh (its own polling loop and state) whenever the player moves to another.
 */
import { useState } from 'react';
import type { RookeryClient } from '../shared/api-client.js';
import { App } from './app.js';
import { useKeyRouter } from './key-router.js';
import type { StartScreen } from './flags.js';
import { LobbyApp, type WatchOffer } from './lobby-app.js';
import type { SeatStore } from './seat-store.js';
import type { SessionRequest } from './session.js';
import { SpectatorApp } from './spectator-app.js';

export interface RootProps {
  client: RookeryClient;
  pollClient: RookeryClient;
  seats: SeatStore;
  /** The seat asked for on the command line (name, server, colour, clock…). */
  request: SessionRequest;
  start: StartScreen;
  intervalMs: number;
  ascii: boolean;
  colors?: boolean;
  pgnDirectory?: string;
  size?: { columns: number; rows: number };
  now?: () => number;
}

type Screen =
  | { kind: 'play'; request: SessionRequest }
  | { kind: 'lobby'; offer: WatchOffer | null }
  | { kind: 'watch'; gameId: string };

function firstScreen(start: StartScreen, request: SessionRequest): Screen {
  if (start.kind === 'lobby') return { kind: 'lobby', offer: null };
  if (start.kind === 'watch') return { kind: 'watch', gameId: start.gameId };
  return { kind: 'play', request };
}

export function Root(props: RootProps) {
  const { request } = props;
  const [screen, setScreen] = useState<{ shown: Screen; serial: number }>(() => ({
    shown: firstScreen(props.start, request),
    serial: 0,
  }));
  // One keyboard for every screen: a key typed just after a switch reaches the new screen (key-router.ts).
  const keys = useKeyRouter();
  const go = (shown: Screen) => setScreen((current) => ({ shown, serial: current.serial + 1 }));
  const lobby = (offer: WatchOffer | null = null) => go({ kind: 'lobby', offer });
  const shared = { ascii: props.ascii, colors: props.colors ?? true, intervalMs: props.intervalMs };
  const optional = {
    ...(props.size ? { size: props.size } : {}),
    ...(props.now ? { now: props.now } : {}),
    ...(props.pgnDirectory ? { pgnDirectory: props.pgnDirectory } : {}),
  };
  const { shown, serial } = screen;

  if (shown.kind === 'lobby') {
    return (
      <LobbyApp
        key={serial}
        client={props.pollClient}
        server={request.server}
        intervalMs={props.intervalMs}
        offer={shown.offer}
        keys={keys}
        // From the lobby: this game's seat (or the saved one, if this player sat there before), whatever colour.
        onJoin={(gameId) =>
          go({ kind: 'play', request: { ...request, gameId, color: null, forceNew: true, challenge: null } })
        }
        onWatch={(gameId) => go({ kind: 'watch', gameId })}
        onNewGame={() => go({ kind: 'play', request: { ...request, gameId: null, forceNew: true, challenge: null } })}
        {...(props.size ? { size: props.size } : {})}
        {...(props.now ? { now: props.now } : {})}
      />
    );
  }
  if (shown.kind === 'watch') {
    return (
      <SpectatorApp
        key={serial}
        client={props.client}
        pollClient={props.pollClient}
        gameId={shown.gameId}
        onLobby={() => lobby()}
        keys={keys}
        {...shared}
        {...optional}
      />
    );
  }
  return (
    <App
      key={serial}
      client={props.client}
      pollClient={props.pollClient}
      seats={props.seats}
      request={shown.request}
      onLobby={() => lobby()}
      onGameFull={(gameId) => lobby({ gameId })}
      keys={keys}
      {...shared}
      {...optional}
    />
  );
}
