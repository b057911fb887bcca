/**
 * Taking a seat: resume a saved one, join a named game, or pair quickly. Plain async functions over the typed
 * client; the App and line mode both call `openSession`.
 */
import { ApiError, type RookeryClient } from '../shared/api-client.js';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { fail, ok, type Failure, type Result } from '../shared/result.js';
import { sameTimeControl, type TimeControl } from '../shared/time-control.js';
import type { Color } from '../shared/vocabulary.js';
import { challengeBot } from './challenge.js';
import type { SeatStore } from './seat-store.js';

/** The seat this client plays, e.g. `{gameId: 'Vq3kT9xw', color: 'white', token: '…', name: 'alice'}`. */
export interface Seat {
  gameId: string;
  color: Color;
  token: string;
  name: string;
}

/** How the seat was obtained, for the first status message. */
export type SeatOrigin = 'resumed' | 'joined' | 'paired' | 'created' | 'rematch' | 'challenged';

export interface Session {
  seat: Seat;
  state: GameState;
  origin: SeatOrigin;
}

export interface SessionRequest {
  server: string;
  name: string;
  gameId: string | null;
  color: Color | null;
  forceNew: boolean;
  /** Time control of a new pairing or game (absent or null = untimed); a joined game keeps its own. */
  timeControl?: TimeControl | null;
  /** The time control was asked for (`--clock`): only a saved game with that time control is resumed. */
  clockChosen?: boolean;
  /** Challenge this bot (challenge.ts) instead of resuming, joining or pairing. */
  challenge?: string | null;
}

/**
 * The seat taken, or why none could be: `message` is the sentence to show (the server unreachable, no such game,
 * the seat taken…). `game_full`: the game asked for has no seat for us (409 game_full or color_taken), so it can
 * still be watched.
 */
export type SessionResult = Result<Session, Failure<'no_seat' | 'game_full'>>;

/** How many saved seats are checked for an unfinished game before pairing anew. */
const RESUME_CANDIDATES = 5;

/** Resume, join or pair, as the request asks; saves every new seat in `seats`. */
export async function openSession(
  client: RookeryClient,
  seats: SeatStore,
  request: SessionRequest,
  signal?: AbortSignal,
): Promise<SessionResult> {
  if (request.challenge) {
    const { challenge, server, name, color } = request;
    return challengeBot(
      { server, bot: challenge, name, color, timeControl: request.timeControl ?? null },
      seats,
      signal,
    );
  }
  try {
    if (request.gameId) return await joinOrResume(client, seats, request, request.gameId, signal);
    const timeControl = request.timeControl ?? null;
    if (!request.forceNew) {
      const wanted = request.clockChosen ? timeControl : undefined;
      const resumed = await resumeLatest(client, seats, request.server, wanted, signal);
      if (resumed) return ok(resumed);
    }
    const joined = request.color
      ? await joinWithColor(client, request.name, request.color, timeControl, signal)
      : { result: await client.quickJoin(request.name, signal, timeControl), origin: 'paired' as const };
    return ok(remember(seats, request.server, joined.result, request.name, joined.origin));
  } catch (error) {
    if (signal?.aborted) throw error;
    const full = error instanceof ApiError && (error.code === 'game_full' || error.code === 'color_taken');
    return fail(full && request.gameId ? 'game_full' : 'no_seat', describeFailure(error, request));
  }
}

async function joinOrResume(
  client: RookeryClient,
  seats: SeatStore,
  request: SessionRequest,
  gameId: string,
  signal?: AbortSignal,
): Promise<SessionResult> {
  const saved = seats.find(request.server, gameId);
  if (saved && (!request.color || request.color === saved.color)) {
    const state = await client.state(gameId, signal);
    const seat = { gameId, color: saved.color, token: saved.token, name: saved.name };
    return ok({ seat, state, origin: 'resumed' });
  }
  const result = await client.join(gameId, request.name, request.color ?? undefined, signal);
  return ok(remember(seats, request.server, result, request.name, 'joined'));
}

/**
 * The newest saved seat on this server whose game still goes on (of time control `wanted`, unless it is
 * undefined); finished or vanished games are forgotten, games of another time control are kept for later.
 */
async function resumeLatest(
  client: RookeryClient,
  seats: SeatStore,
  server: string,
  wanted: TimeControl | null | undefined,
  signal?: AbortSignal,
): Promise<Session | null> {
  for (const saved of seats.forServer(server).slice(0, RESUME_CANDIDATES)) {
    let state: GameState;
    try {
      state = await client.state(saved.gameId, signal);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'game_not_found') {
        seats.remove(server, saved.gameId);
        continue;
      }
      throw error;
    }
    if (state.status === 'finished') {
      seats.remove(server, saved.gameId);
      continue;
    }
    if (wanted !== undefined && !sameTimeControl(state.timeControl ?? null, wanted)) continue;
    const seat = { gameId: saved.gameId, color: saved.color, token: saved.token, name: saved.name };
    return { seat, state, origin: 'resumed' };
  }
  return null;
}

/**
 * A seat of this colour: in the oldest waiting game of this time control that has it free, else in a new game.
 * The lobby filters by time control; the check here keeps a server that ignores the filter from pairing wrongly.
 */
async function joinWithColor(
  client: RookeryClient,
  name: string,
  color: Color,
  timeControl: TimeControl | null,
  signal?: AbortSignal,
): Promise<{ result: JoinResult; origin: SeatOrigin }> {
  const { games } = await client.listGames({ status: 'waiting', limit: 50, timeControl }, signal);
  const oldestFirst = [...games]
    .reverse()
    .filter((game) => game.players[color] === null && sameTimeControl(game.timeControl ?? null, timeControl));
  for (const game of oldestFirst) {
    try {
      return { result: await client.join(game.id, name, color, signal), origin: 'paired' };
    } catch (error) {
      // Someone else took the seat between the listing and the join: try the next game.
      if (error instanceof ApiError && (error.code === 'color_taken' || error.code === 'game_full')) continue;
      throw error;
    }
  }
  const created = await client.createGame(undefined, signal, timeControl);
  return { result: await client.join(created.id, name, color, signal), origin: 'created' };
}

function remember(seats: SeatStore, server: string, result: JoinResult, name: string, origin: SeatOrigin): Session {
  const seat = { gameId: result.gameId, color: result.color, token: result.token, name };
  seats.save({ server, ...seat });
  // The first joiner of a quick pairing opens the game: say so rather than "paired".
  const how = origin === 'paired' && result.game.status === 'waiting' ? 'created' : origin;
  return { seat, state: result.game, origin: how };
}

function describeFailure(error: unknown, request: SessionRequest): string {
  if (error instanceof ApiError) {
    if (error.code === 'network')
      return `Cannot reach the server at ${request.server}. Is it running? (${error.message})`;
    if (error.code === 'game_not_found') return `There is no game "${request.gameId}" on ${request.server}.`;
    if (error.code === 'game_full')
      return `Game ${request.gameId} already has two players, and no seat of yours is saved for it.`;
    if (error.code === 'color_taken') return `The ${request.color} seat of game ${request.gameId} is taken.`;
    return error.message;
  }
  return `Unexpected failure: ${(error as Error).message ?? String(error)}`;
}
