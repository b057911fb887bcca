/**
 * The clock rules of API.md v1.1 "Time controls", as pure functions of plain data: time comes in as a number of
 * milliseconds since the epoch, nothing here reads a clock or sets a timer (the service's scheduler does, from
 * `dueAt`).
 *
 * - Realtime `initial+increment`: the first two half-moves are not timed, but each must come within the first-move
 *   limit or the game is aborted; the clocks run from the second half-move on (black's first move in a normal
 *   game). After each move made in time, the mover's clock gains the increment (not for the untimed first moves,
 *   as on lichess).
 * - Correspondence `days per move`: the side to move has that many days for each move; each move resets the
 *   mover's time to the full allowance. A side that misses its first deadline aborts the game (nothing is lost
 *   before both sides have moved); later, it loses on time.
 * - Flag: the side to move whose time ran out loses (`timeout`), unless the other side has no mating material
 *   (FIDE 6.9), when the game is drawn. See fide-rules.ts `hasMatingMaterial`.
 * - Lag grace: a move that reaches the server up to LAG_GRACE_MS after its side's time ran out counts as made with
 *   0 ms left; the flag falls that much after the time ran out. lila compensates lag per move out of a "quota";
 *   one bounded grace at the moment of the flag is the simple form of it: a move sent in time never loses for a
 *   few milliseconds of transport, and nobody gains more than LAG_GRACE_MS in a whole game unless the increment
 *   gives it back.
 */
import { MS_PER_DAY, MS_PER_SECOND, type Clock, type TimeControl } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';

/** Default limit for each side's first move of a realtime game (`--first-move-seconds`, API.md: 30 s). */
export const DEFAULT_FIRST_MOVE_MS = 30_000;

/** A move this late after its side's time ran out still counts (see the module comment). */
export const LAG_GRACE_MS = 250;

/** Half-moves that are not timed in a realtime game: each side's first move. */
export const UNTIMED_PLIES = 2;

/**
 * The durable part of a clock, kept with the game. Figures are the times left at `turnStartedAt` for the side to
 * move, and after its last move for the other side.
 */
export interface ClockRecord {
  /** White's time left, in ms, e.g. `297140`. */
  whiteMs: number;
  /** Black's time left, in ms. */
  blackMs: number;
  /** Epoch ms at which the side to move began its turn; null while nobody's turn is counted (waiting, finished). */
  turnStartedAt: number | null;
  /** The first-move limit in force for this game, in ms, e.g. `30000`. */
  firstMoveMs: number;
}

/** What the clock needs to know of the game besides its own record. */
export interface ClockContext {
  control: TimeControl;
  clock: ClockRecord;
  /** The side to move. */
  turn: Color;
  /** Half-moves played. */
  plies: number;
}

/** How time ran out: before both sides moved (the game is aborted), or after (the side to move flags). */
export type TimeUp = 'first_move_missed' | 'flag';

/** The allowance of one side for one move in a correspondence game, or its initial time in a realtime game. */
export function fullTimeMs(control: TimeControl): number {
  return control.type === 'realtime' ? control.initialSeconds * MS_PER_SECOND : control.daysPerMove * MS_PER_DAY;
}

/** The clock of a new game: both sides at their full time, not counting yet. */
export function newClock(control: TimeControl, firstMoveMs: number = DEFAULT_FIRST_MOVE_MS): ClockRecord {
  const full = fullTimeMs(control);
  return { whiteMs: full, blackMs: full, turnStartedAt: null, firstMoveMs };
}

/** The clock once both seats are taken: the first side's turn begins now. */
export function startClock(clock: ClockRecord, nowMs: number): ClockRecord {
  return { ...clock, turnStartedAt: nowMs };
}

/** Is this turn one of the untimed first moves of a realtime game? */
function isFirstMoveTurn({ control, plies }: Pick<ClockContext, 'control' | 'plies'>): boolean {
  return control.type === 'realtime' && plies < UNTIMED_PLIES;
}

function timeOf(clock: ClockRecord, color: Color): number {
  return color === 'white' ? clock.whiteMs : clock.blackMs;
}

function withTime(clock: ClockRecord, color: Color, ms: number): ClockRecord {
  return color === 'white' ? { ...clock, whiteMs: ms } : { ...clock, blackMs: ms };
}

/** The epoch ms at which the side to move runs out of time (before the lag grace), or null when nothing runs. */
export function deadlineOf(context: ClockContext): number | null {
  const started = context.clock.turnStartedAt;
  if (started === null) return null;
  if (isFirstMoveTurn(context)) return started + context.clock.firstMoveMs;
  return started + timeOf(context.clock, context.turn);
}

/** When the server must look at the game again: the deadline plus the lag grace; null when nothing runs. */
export function dueAt(context: ClockContext): number | null {
  const deadline = deadlineOf(context);
  return deadline === null ? null : deadline + LAG_GRACE_MS;
}

/** Has the side to move's time run out, grace included, at `nowMs`? How, or null while there is time. */
export function timeUp(context: ClockContext, nowMs: number): TimeUp | null {
  const due = dueAt(context);
  if (due === null || nowMs < due) return null;
  // Correspondence and realtime alike: a side that never made its first move aborts the game.
  return context.plies < UNTIMED_PLIES ? 'first_move_missed' : 'flag';
}

/** The clock after the side to move made a move at `nowMs` (call only when `timeUp` is null). */
export function afterMove(context: ClockContext, nowMs: number): ClockRecord {
  const { control, clock, turn } = context;
  if (isFirstMoveTurn(context)) return { ...clock, turnStartedAt: nowMs };
  if (control.type === 'correspondence') return { ...withTime(clock, turn, fullTimeMs(control)), turnStartedAt: nowMs };
  const started = clock.turnStartedAt ?? nowMs;
  const left = Math.max(0, timeOf(clock, turn) - (nowMs - started));
  return { ...withTime(clock, turn, left + control.incrementSeconds * MS_PER_SECOND), turnStartedAt: nowMs };
}

/**
 * The clock once the game is over at `nowMs`: the running side's time as it stood then (0 for a side that ran out),
 * nothing counting any more.
 */
export function stoppedClock(context: ClockContext, nowMs: number, ranOut = false): ClockRecord {
  const { clock, turn } = context;
  if (clock.turnStartedAt === null) return clock;
  if (ranOut) return { ...withTime(clock, turn, 0), turnStartedAt: null };
  if (isFirstMoveTurn(context)) return { ...clock, turnStartedAt: null };
  const left = Math.max(0, timeOf(clock, turn) - (nowMs - clock.turnStartedAt));
  return { ...withTime(clock, turn, left), turnStartedAt: null };
}

/**
 * The clock after the server was down: the time between `aliveUntilMs` (the last moment the server is known to
 * have been running) and `nowMs` is given back to the side to move, by moving the start of its turn forward. A turn
 * that began after `aliveUntilMs` gets back the time since it began. Nothing else changes.
 */
export function creditDowntime(clock: ClockRecord, aliveUntilMs: number, nowMs: number): ClockRecord {
  if (clock.turnStartedAt === null) return clock;
  const downFrom = Math.max(aliveUntilMs, clock.turnStartedAt);
  const credit = nowMs - downFrom;
  return credit > 0 ? { ...clock, turnStartedAt: clock.turnStartedAt + credit } : clock;
}

/** The clock as GameState shows it at `nowMs` (API.md v1.1 Clock). `finished` games show the stopped figures. */
export function clockView(context: ClockContext, nowMs: number, finished: boolean): Clock {
  const { control, clock, turn } = context;
  const idle = { whiteMs: clock.whiteMs, blackMs: clock.blackMs, running: null, deadline: null };
  if (finished || clock.turnStartedAt === null) return idle;
  const deadline = deadlineOf(context)!;
  if (isFirstMoveTurn(context)) return { ...idle, deadline: new Date(deadline).toISOString() };
  const left = Math.max(0, Math.min(timeOf(clock, turn), deadline - nowMs));
  return {
    whiteMs: turn === 'white' ? left : clock.whiteMs,
    blackMs: turn === 'black' ? left : clock.blackMs,
    running: turn,
    deadline: control.type === 'correspondence' ? new Date(deadline).toISOString() : null,
  };
}
