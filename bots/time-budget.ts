/**
 * How long the UCI bot may think on a move, from the game's clock as the server sent it (API.md v1.1, GameState
 * `timeControl` and `clock`). Pure: the time since the state arrived and the wall clock come in as numbers.
 *
 * - Untimed: the bot's own `--movetime`/`--depth` (100 ms when neither is given).
 * - Realtime, our clock running: `go wtime … btime … winc … binc …` so that the engine manages its own time,
 *   with our figure counted down for the time since the state arrived and a transport reserve taken off, plus a
 *   hard stop at what is left. An explicit `--movetime`/`--depth` is kept but capped by a share of the clock.
 * - Realtime, first two half-moves (clocks not started, `running` null, `deadline` set): a short fixed search,
 *   well inside the first-move deadline.
 * - Correspondence: days of `wtime` would make an engine think for hours, so a fixed search (a second by
 *   default, or `--movetime`), capped by the time to the deadline.
 *
 * The server allows 250 ms of lag grace after a clock reaches 0; the reserve does not count on it.
 */
import type { GameState } from '../shared/api-schema.js';
import { clockAfter, MS_PER_SECOND, remainingMs } from '../shared/time-control.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';
import type { SearchLimit } from './uci-engine.js';

/** What the bot's command line asked for: a search time per move, a depth, both or neither. */
export interface ThinkingLimits {
  movetime?: number;
  depth?: number;
}

export interface BudgetInput {
  state: Pick<GameState, 'status' | 'turn' | 'timeControl' | 'clock'>;
  /** The side the bot plays. */
  color: Color;
  /** Milliseconds since the state arrived (its clock figures are as of about then). */
  elapsedMs: number;
  /** The wall clock now (`Date.now()`), for the ISO first-move deadline. */
  nowMs: number;
  limits: ThinkingLimits;
  /** Time kept back for the move's way to the server and the state's way here (default TRANSPORT_RESERVE_MS). */
  reserveMs?: number;
}

/** Search time per move in an untimed game when neither movetime nor depth is given. */
export const UNTIMED_MOVETIME_MS = 100;
/** Search time per move in a correspondence game when --movetime is not given. */
export const CORRESPONDENCE_MOVETIME_MS = 1000;
/** Longest search for a depth in a correspondence game (the engine's own silence deadline is 60 s). */
export const CORRESPONDENCE_DEPTH_CAP_MS = 30_000;
/**
 * Kept back from our clock for transport: the state's way here (not measurable by us) and the move's round trip.
 * Generous for 127.0.0.1, still enough for an ordinary internet connection.
 */
export const TRANSPORT_RESERVE_MS = 300;
/** The shortest search asked for: with less time than that left, move at once. */
export const MIN_SEARCH_MS = 10;
/** An explicit --movetime or --depth gets at most this share of the time left (plus the increment). */
const MOVES_TO_GO = 20;
/** In the untimed first half-moves, search at most this share of the time to the first-move deadline. */
const FIRST_MOVE_SHARE = 1 / 4;

/** The search limit for the bot's move in this state. */
export function searchLimitFor(input: BudgetInput): SearchLimit {
  const { state, color, limits } = input;
  const reserve = input.reserveMs ?? TRANSPORT_RESERVE_MS;
  const { clock, timeControl } = state;
  if (!clock || !timeControl || state.status !== 'active') return untimedLimit(limits);

  if (timeControl.type === 'correspondence') {
    // The figure is the time to the deadline; count it down locally rather than trust our wall clock.
    const left = remainingMs(clockAfter(clock, input.elapsedMs), color) - reserve;
    const cap = Math.max(MIN_SEARCH_MS, Math.floor(left / 2));
    if (limits.depth && !limits.movetime)
      return { depth: limits.depth, movetime: Math.min(cap, CORRESPONDENCE_DEPTH_CAP_MS) };
    return withDepth(Math.min(limits.movetime ?? CORRESPONDENCE_MOVETIME_MS, cap), limits.depth);
  }

  if (clock.running === null) {
    // The first two half-moves: not timed, but each must come before the deadline (or the game is aborted).
    const toDeadline = clock.deadline === null ? Number.NaN : Date.parse(clock.deadline) - input.nowMs - reserve;
    const cap = Number.isFinite(toDeadline)
      ? Math.max(MIN_SEARCH_MS, Math.floor(toDeadline * FIRST_MOVE_SHARE))
      : MIN_SEARCH_MS;
    if (limits.depth && !limits.movetime) return { depth: limits.depth, movetime: cap };
    return withDepth(Math.min(limits.movetime ?? UNTIMED_MOVETIME_MS, cap), limits.depth);
  }

  // Our turn with our clock running (asked only then; for anything else, answer a short search).
  if (clock.running !== color || state.turn !== color) return { movetime: MIN_SEARCH_MS };
  const now = clockAfter(clock, input.elapsedMs);
  const increment = timeControl.incrementSeconds * MS_PER_SECOND;
  const available = remainingMs(now, color) - reserve;
  if (available <= MIN_SEARCH_MS) return { movetime: MIN_SEARCH_MS };
  if (limits.movetime || limits.depth) {
    const cap = Math.max(MIN_SEARCH_MS, Math.floor(Math.min(available / 2, available / MOVES_TO_GO + increment)));
    if (limits.depth && !limits.movetime) return { depth: limits.depth, movetime: cap };
    return withDepth(Math.min(limits.movetime!, cap), limits.depth);
  }
  const theirs = remainingMs(now, opponentOf(color));
  const [wtime, btime] = color === 'white' ? [available, theirs] : [theirs, available];
  return { clock: { wtime, btime, winc: increment, binc: increment }, stopAfterMs: Math.floor(available) };
}

/** The limit of an untimed game: the command line's, or UNTIMED_MOVETIME_MS. */
export function untimedLimit(limits: ThinkingLimits): SearchLimit {
  if (limits.depth && !limits.movetime) return { depth: limits.depth };
  return withDepth(limits.movetime ?? UNTIMED_MOVETIME_MS, limits.depth);
}

/**
 * The most a side search (judging a draw offer) may take now: unlimited (Infinity) unless the bot's own clock is
 * running, then a small share of what is left.
 */
export function sideSearchCap(input: Omit<BudgetInput, 'limits'>): number {
  const { clock, timeControl } = input.state;
  if (!clock || timeControl?.type !== 'realtime' || clock.running !== input.color) return Number.POSITIVE_INFINITY;
  const available =
    remainingMs(clockAfter(clock, input.elapsedMs), input.color) - (input.reserveMs ?? TRANSPORT_RESERVE_MS);
  return Math.max(MIN_SEARCH_MS, Math.floor(available / MOVES_TO_GO));
}

function withDepth(movetime: number, depth: number | undefined): SearchLimit {
  return depth ? { movetime, depth } : { movetime };
}
