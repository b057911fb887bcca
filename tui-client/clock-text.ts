/**
 * Words and figures for the clocks of a timed game, as the full-screen client and line mode show them: each
 * side's figure with its marks (running, low time), the status line's sentence about who is running out or what
 * deadline is near, and when the shown figure next changes. Pure functions of a clock that the caller has already
 * counted down locally (`clockAfter` in shared/time-control.ts); the server's figures are the truth.
 */
import type { GameState } from '../shared/api-schema.js';
import {
  describeTimeControl,
  formatClock,
  LOW_TIME_MS,
  MS_PER_DAY,
  remainingMs,
  type Clock,
} from '../shared/time-control.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';

/** One side's clock as shown, e.g. `{figure: '8.4', running: true, low: true}`. */
export interface ClockFace {
  /** `4:57`, `1:02:03`, `8.4` (tenths under 10 s), `2d 23h` (correspondence, from a day up). */
  figure: string;
  /** This side's time is running now. */
  running: boolean;
  /** Under LOW_TIME_MS while the game goes on: marked LOW, not by colour alone. */
  low: boolean;
}

/** Figures narrower than this are padded on the left, so that `9:59` and `10:00` take the same room. */
const FIGURE_WIDTH = 5;

export function clockFace(clock: Clock, color: Color, finished: boolean): ClockFace {
  const ms = remainingMs(clock, color);
  return { figure: formatClock(ms), running: clock.running === color, low: !finished && ms < LOW_TIME_MS };
}

/** A face's characters: `LOW ` or nothing, `[` and `]` around a running figure (spaces otherwise), the figure. */
export interface ClockFaceParts {
  tag: string;
  open: string;
  figure: string;
  close: string;
}

export function clockFaceParts(face: ClockFace): ClockFaceParts {
  return {
    tag: face.low ? 'LOW ' : '',
    open: face.running ? '[' : ' ',
    figure: face.figure.padStart(FIGURE_WIDTH),
    close: face.running ? ']' : ' ',
  };
}

/**
 * A face as plain text: the running clock in brackets (`[ 4:57]`), the other with spaces in their place
 * (` 10:00 `), and `LOW` before a clock under 10 s (`LOW [  8.4]`). Marks are characters, so they survive
 * NO_COLOR, --ascii and a pipe.
 */
export function clockFaceText(face: ClockFace): string {
  const { tag, open, figure, close } = clockFaceParts(face);
  return `${tag}${open}${figure}${close}`;
}

/**
 * How long until `ms` (counting down) shows another figure: at the next tenth under 10 s, the next second under
 * a day, the next hour from a day up (the figure is `3d 04h` then). Capped so that a long wait still re-renders
 * now and then; at least a few ms so a timer never spins.
 */
export function msUntilFigureChanges(ms: number): number {
  if (ms <= 0) return Number.POSITIVE_INFINITY;
  const step = ms < LOW_TIME_MS ? 100 : ms < MS_PER_DAY ? 1000 : 3_600_000;
  return Math.min(Math.max((ms % step) + 1, 5), 60_000);
}

/** A deadline for people, in the local time zone: `Tue 24 Nov, 17:00`. */
export function deadlineText(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The status line's words about time, e.g. `{text: 'your clock: 8.4 — low time', urgent: true}`. */
export interface ClockNotice {
  text: string;
  /** It is this player who is short of time: the status line is marked urgent. */
  urgent: boolean;
}

/**
 * What the status line says about time in an active game, or null when there is nothing to say (untimed, plenty
 * of time): who is running out (under LOW_TIME_MS), a realtime game's first-move deadline (the game is aborted
 * when it passes), a correspondence game's deadline. `clock` is the local countdown as of `now`; `opponent` is the
 * other player's name (the only other person a sentence can be about).
 */
export function clockNotice(
  state: Pick<GameState, 'status' | 'turn' | 'timeControl'>,
  color: Color,
  opponent: string,
  clock: Clock | null,
  now: number,
): ClockNotice | null {
  if (!clock || state.status !== 'active') return null;
  const mine = state.turn === color;
  if (clock.running === null && clock.deadline !== null) {
    // Realtime: the first two half-moves are not timed, but each must come before its deadline.
    const seconds = Math.max(0, Math.ceil((Date.parse(clock.deadline) - now) / 1000));
    return {
      text: mine
        ? `first move within ${seconds} s, or the game is aborted`
        : `${opponent} must make the first move within ${seconds} s`,
      urgent: mine && seconds * 1000 < LOW_TIME_MS,
    };
  }
  if (state.timeControl?.type === 'correspondence' && clock.deadline !== null) {
    const left = formatClock(remainingMs(clock, state.turn));
    const low = remainingMs(clock, state.turn) < LOW_TIME_MS;
    return {
      text: mine
        ? `move by ${deadlineText(clock.deadline)} (${left} left)`
        : `${opponent} has until ${deadlineText(clock.deadline)} (${left} left)`,
      urgent: mine && low,
    };
  }
  const low = (color: Color) => remainingMs(clock, color) < LOW_TIME_MS;
  const words = (side: Color) =>
    `${side === color ? 'your' : `${opponent}'s`} clock: ${formatClock(remainingMs(clock, side))}`;
  const short = [color, opponentOf(color)].filter(low);
  if (short.length === 0) return null;
  return { text: `${short.map(words).join(', ')} — low time`, urgent: short.includes(color) };
}

/**
 * Line mode's clock line: `Clocks (5+3): white 4:57 running, black 5:00`, with `LOW` after a figure under 10 s;
 * null for an untimed game.
 */
export function clocksLine(state: Pick<GameState, 'status' | 'timeControl'>, clock: Clock | null): string | null {
  if (!clock) return null;
  const finished = state.status === 'finished';
  const side = (color: Color) => {
    const face = clockFace(clock, color, finished);
    return `${color} ${face.figure}${face.low ? ' LOW' : ''}${face.running ? ' running' : ''}`;
  };
  return `Clocks (${describeTimeControl(state.timeControl ?? null)}): ${side('white')}, ${side('black')}`;
}
