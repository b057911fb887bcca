/**
 * The bot's game loop: follow the game with the typed client's `watch()` (live feed, long polling as fallback),
 * and whenever the state says so, move (always with `ply`, so a retried request is never played twice) or answer
 * a draw offer. Races the server settles (a stale ply, a game that ended meanwhile) are not errors: the next
 * state tells the truth. A player that fails for good (PlayerFailure) makes the bot resign cleanly.
 */
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { ApiError, type RookeryClient, type WatchOptions } from '../shared/api-client.js';
import { outcomeLine } from '../shared/outcome-text.js';
import { opponentOf, START_FEN, type Color } from '../shared/vocabulary.js';
import { PlayerFailure, type Player, type Position } from './player.js';

export interface PlayGameOptions {
  client: RookeryClient;
  /** The seat: what a join answered. */
  seat: Pick<JoinResult, 'gameId' | 'color' | 'token' | 'game'>;
  player: Player;
  signal?: AbortSignal;
  /** Progress lines (moves, draw answers, failures). */
  log?: (line: string) => void;
  /** Passed to `watch()` (e.g. `transport: 'poll'`). */
  watch?: Omit<WatchOptions, 'signal'>;
}

export interface GameOutcome {
  /** The last state seen: finished, unless the signal stopped the bot first. */
  state: GameState;
  /** Why the bot resigned on its own, or null. */
  failure: string | null;
}

/** Codes that mean "the game moved on before this request": wait for the next state instead. */
const RACE_CODES = new Set(['stale_ply', 'not_your_turn', 'game_over', 'no_draw_offer', 'game_not_started']);

/** Play one game to its end. */
export async function playGame(options: PlayGameOptions): Promise<GameOutcome> {
  const { client, seat, player, signal } = options;
  const { gameId, color, token } = seat;
  const log = options.log ?? (() => {});
  let latest: GameState = seat.game;
  let movedAtPly = -1;
  let answeredOfferAt = -1;

  /**
   * Send a request; a race with the game is logged and otherwise ignored. Short requests do not take the signal:
   * aborting a signal that a finished fetch still holds makes undici drop (and reopen) its keep-alive socket.
   */
  async function settle(request: Promise<GameState>, what: string): Promise<void> {
    try {
      await request;
    } catch (error) {
      if (error instanceof ApiError && RACE_CODES.has(error.code)) {
        log(`${what}: ${error.message} (waiting for the next state)`);
        return;
      }
      if (error instanceof ApiError && error.code === 'illegal_move') {
        throw new PlayerFailure(`The server refused ${what}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  try {
    await player.newGame();
    for await (const state of client.watch(gameId, { ...options.watch, ...(signal ? { signal } : {}) })) {
      const receivedAt = performance.now();
      latest = state;
      if (state.status !== 'active') continue;
      const position: Position = { state, initialFen: initialFenOf(state), color, receivedAt };
      if (state.drawOffer === opponentOf(color)) {
        if (answeredOfferAt === state.version) continue;
        answeredOfferAt = state.version;
        const accept = await player.acceptsDraw(position, signal);
        log(`draw offered by ${state.drawOffer}: ${accept ? 'accepting' : 'declining'}`);
        await settle(client.draw(gameId, token, accept ? 'accept' : 'decline'), 'the draw answer');
        continue;
      }
      const ply = state.uci.length;
      if (state.turn !== color || ply === movedAtPly) continue;
      movedAtPly = ply;
      // UCI from the server's own list or the engine: sent as is (the server reads any notation through
      // shared/move-input.ts, so there is no second normaliser here).
      const move = await player.chooseMove(position, signal);
      log(`ply ${ply}: ${move}`);
      await settle(client.move(gameId, token, move, ply), `move ${move}`);
    }
  } catch (error) {
    if (signal?.aborted) return { state: latest, failure: null };
    if (!(error instanceof PlayerFailure)) throw error;
    log(`giving up: ${error.message}`);
    return { state: await resignOrAbort(client, seat), failure: error.message };
  }
  return { state: latest, failure: null };
}

/** The game's initial position for a UCI engine: null for the standard start (`position startpos`). */
export function initialFenOf(state: Pick<GameState, 'initialFen'>): string | null {
  return state.initialFen === START_FEN ? null : state.initialFen;
}

/** Resign; before the game has started there is nobody to resign to, so abort instead. */
async function resignOrAbort(client: RookeryClient, seat: PlayGameOptions['seat']): Promise<GameState> {
  try {
    return await client.resign(seat.gameId, seat.token);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'game_not_started') return client.abort(seat.gameId, seat.token);
    if (error.code === 'game_over') return client.state(seat.gameId);
    throw error;
  }
}

/** One line for a finished game from this seat's point of view, e.g. `0-1 (checkmate): black won — you lost`. */
export function describeOutcome(state: GameState, color: Color): string {
  return outcomeLine(state, color);
}
