/**
 * Time controls and clocks as the API carries them (API.md v1.1 "Time controls"), and the pure helpers that the
 * server and every client share: reading a time control people type (`5+3`, `3d`, `untimed`), writing it back,
 * the PGN `TimeControl` tag value, the lobby presets, a clock counted down locally, and a clock figure as text.
 *
 * The server's rules for clocks live in server/domain/game-clock.ts; nothing here decides a game.
 */
import { fail, ok, type Failure, type Result } from './result.js';
import type { Color } from './vocabulary.js';

/** `initial+increment` thinking time, e.g. 5+3 = `{initialSeconds: 300, incrementSeconds: 3}`. */
export interface RealtimeControl {
  type: 'realtime';
  initialSeconds: number;
  incrementSeconds: number;
}

/** A number of days for each move. */
export interface CorrespondenceControl {
  type: 'correspondence';
  daysPerMove: number;
}

export type TimeControl = RealtimeControl | CorrespondenceControl;

/** GameState.clock of a timed game: figures as of the moment the answer was made. */
export interface Clock {
  /** Remaining time in integer ms (correspondence: until the deadline). */
  whiteMs: number;
  blackMs: number;
  /** Whose time is running now; null before the clocks start and once the game is over. */
  running: Color | null;
  /** ISO time by which the side to move must move (correspondence, and each side's first move), else null. */
  deadline: string | null;
}

/** The bounds of API.md v1.1. */
export const TIME_CONTROL_LIMITS = {
  initialSecondsMin: 1,
  initialSecondsMax: 10_800,
  incrementSecondsMin: 0,
  incrementSecondsMax: 180,
  daysPerMoveMin: 1,
  daysPerMoveMax: 14,
} as const;

export const MS_PER_SECOND = 1000;
export const MS_PER_DAY = 86_400_000;

/** The lobby's presets (lichess's common ones), in the order shown; `null` is untimed. */
export const TIME_CONTROL_PRESETS: readonly (TimeControl | null)[] = [
  realtime(60, 0),
  realtime(180, 2),
  realtime(300, 3),
  realtime(600, 0),
  realtime(900, 10),
  realtime(1800, 0),
  correspondence(1),
  correspondence(3),
  correspondence(7),
  null,
];

export function realtime(initialSeconds: number, incrementSeconds: number): RealtimeControl {
  return { type: 'realtime', initialSeconds, incrementSeconds };
}

export function correspondence(daysPerMove: number): CorrespondenceControl {
  return { type: 'correspondence', daysPerMove };
}

/** Why a time control is outside API.md's bounds, or null when it is within them. */
export function timeControlProblem(control: TimeControl): string | null {
  const L = TIME_CONTROL_LIMITS;
  if (control.type === 'realtime') {
    const { initialSeconds: initial, incrementSeconds: increment } = control;
    if (!Number.isInteger(initial) || initial < L.initialSecondsMin || initial > L.initialSecondsMax) {
      return `The initial time must be a whole number of seconds from ${L.initialSecondsMin} to ${L.initialSecondsMax} (3 hours).`;
    }
    if (!Number.isInteger(increment) || increment < L.incrementSecondsMin || increment > L.incrementSecondsMax) {
      return `The increment must be a whole number of seconds from ${L.incrementSecondsMin} to ${L.incrementSecondsMax}.`;
    }
    return null;
  }
  const days = control.daysPerMove;
  if (!Number.isInteger(days) || days < L.daysPerMoveMin || days > L.daysPerMoveMax) {
    return `Days per move must be a whole number from ${L.daysPerMoveMin} to ${L.daysPerMoveMax}.`;
  }
  return null;
}

/**
 * Read a time control as people type it: `5+3` (minutes + increment seconds; minutes may be a fraction that makes
 * whole seconds, e.g. `0.5+0` or `1/2+0`), `20s+1` (initial time in seconds), `3d` or `3 days` (correspondence),
 * `untimed` (also `none`, `-`, `0`).
 * Untimed reads as null.
 */
export function parseTimeControl(text: string): Result<TimeControl | null, Failure<'invalid_request'>> {
  const input = text.trim().toLowerCase();
  if (input === 'untimed' || input === 'none' || input === '-' || input === '0' || input === 'unlimited') {
    return ok(null);
  }
  const days = /^(\d{1,2})\s*(?:d|day|days)$/u.exec(input);
  if (days) return checked(correspondence(Number(days[1])));
  const inSeconds = /^(\d{1,5})\s*s\s*\+\s*(\d{1,3})$/u.exec(input);
  if (inSeconds) return checked(realtime(Number(inSeconds[1]), Number(inSeconds[2])));
  const clock = /^(\d{1,3}(?:\.\d{1,2})?|\d\/\d)\s*\+\s*(\d{1,3})$/u.exec(input);
  if (clock) {
    const minutesText = clock[1]!;
    const minutes = minutesText.includes('/')
      ? Number(minutesText.split('/')[0]) / Number(minutesText.split('/')[1])
      : Number(minutesText);
    const seconds = Math.round(minutes * 60 * 1000) / 1000;
    if (!Number.isInteger(seconds)) {
      return fail('invalid_request', `"${text.trim()}": the initial time must come to whole seconds.`);
    }
    return checked(realtime(seconds, Number(clock[2])));
  }
  return fail(
    'invalid_request',
    `"${text.trim()}" is not a time control: write minutes+increment like 5+3, days per move like 3d, or untimed.`,
  );
}

function checked(control: TimeControl): Result<TimeControl, Failure<'invalid_request'>> {
  const problem = timeControlProblem(control);
  return problem ? fail('invalid_request', problem) : ok(control);
}

/** The short label that `parseTimeControl` reads back: `5+3`, `0.5+0`, `20s+1`, `3d`, `untimed`. */
export function formatTimeControl(control: TimeControl | null): string {
  if (!control) return 'untimed';
  if (control.type === 'correspondence') return `${control.daysPerMove}d`;
  const minutes = control.initialSeconds / 60;
  const rounded = Math.round(minutes * 100) / 100;
  // Minutes when they say it exactly (5, 0.5, 0.25); seconds otherwise (20s, 4s).
  const initial = rounded * 60 === control.initialSeconds ? String(rounded) : `${control.initialSeconds}s`;
  return `${initial}+${control.incrementSeconds}`;
}

/** A label for people: `5+3`, `3 days`, `untimed`. */
export function describeTimeControl(control: TimeControl | null): string {
  if (control?.type === 'correspondence') {
    return control.daysPerMove === 1 ? '1 day' : `${control.daysPerMove} days`;
  }
  return formatTimeControl(control);
}

/** The PGN `TimeControl` tag value (PGN 9.6): `300+3`, `1/259200` for 3 days per move, `-` when untimed. */
export function pgnTimeControl(control: TimeControl | null): string {
  if (!control) return '-';
  if (control.type === 'correspondence') return `1/${(control.daysPerMove * MS_PER_DAY) / MS_PER_SECOND}`;
  return `${control.initialSeconds}+${control.incrementSeconds}`;
}

/** Are two time controls the same (untimed equals untimed)? */
export function sameTimeControl(a: TimeControl | null, b: TimeControl | null): boolean {
  return pgnTimeControl(a) === pgnTimeControl(b);
}

/**
 * The clock as it stands `elapsedMs` after it was received: the running side's figure counted down (never below 0).
 * Clients count down locally from the server's last figures; the server's figures are the truth.
 */
export function clockAfter(clock: Clock, elapsedMs: number): Clock {
  if (!clock.running || elapsedMs <= 0) return clock;
  const key = clock.running === 'white' ? 'whiteMs' : 'blackMs';
  return { ...clock, [key]: Math.max(0, clock[key] - Math.floor(elapsedMs)) };
}

/** A side's remaining time from a clock. */
export function remainingMs(clock: Clock, color: Color): number {
  return color === 'white' ? clock.whiteMs : clock.blackMs;
}

/** Below this a clock is shown with tenths of a second and marked urgent (lichess shows tenths under 10 s). */
export const LOW_TIME_MS = 10_000;

/**
 * A clock figure as text: `1:02:03` from an hour up, `4:57` from 10 s up, `9.8` below (tenths, rounded down so
 * that it never shows time that is not there), `3d 04h` from a day up (correspondence).
 */
export function formatClock(ms: number): string {
  const value = Math.max(0, Math.floor(ms));
  if (value >= MS_PER_DAY) {
    const days = Math.floor(value / MS_PER_DAY);
    const hours = Math.floor((value % MS_PER_DAY) / 3_600_000);
    return `${days}d ${String(hours).padStart(2, '0')}h`;
  }
  if (value < LOW_TIME_MS) {
    const tenths = Math.floor(value / 100);
    return `${Math.floor(tenths / 10)}.${tenths % 10}`;
  }
  const totalSeconds = Math.floor(value / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Read back a `pgnTimeControl` value (`300+3`, `1/259200`, `-`); null for untimed or text that is not one. */
export function parsePgnTimeControl(text: string): TimeControl | null {
  const realtimeMatch = /^(\d+)\+(\d+)$/u.exec(text);
  if (realtimeMatch) return realtime(Number(realtimeMatch[1]), Number(realtimeMatch[2]));
  const correspondenceMatch = /^1\/(\d+)$/u.exec(text);
  if (correspondenceMatch) {
    return correspondence(Math.round((Number(correspondenceMatch[1]) * MS_PER_SECOND) / MS_PER_DAY));
  }
  return null;
}
