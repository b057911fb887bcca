/**
 * What the game page shows of the clocks, derived from GameState alone (the server keeps the time; the page only
 * shows its figures and counts the running one down locally): each side's figure, whether it runs, whether it is
 * low or flagged, the first-move limit and the correspondence deadline. Pure and free of HTML.
 */
import type { GameState } from '../shared/api-schema.js';
import { describeTimeControl, formatClock, LOW_TIME_MS, MS_PER_DAY, type TimeControl } from '../shared/time-control.js';
import type { Color } from '../shared/vocabulary.js';

/** One side's clock as drawn, e.g. `{ms: 297140, text: '4:57', running: true, low: false, ...}`. */
export interface SideClockView {
  color: Color;
  /** Remaining time in ms, as of the moment the page is made. */
  ms: number;
  /** `formatClock(ms)`: `4:57`, `9.8`, `1:02:03`, `3d 04h`. */
  text: string;
  /** This side's time is running now (the page counts it down). */
  running: boolean;
  /** Below LOW_TIME_MS while the game goes on: shown as urgent. */
  low: boolean;
  /** The game ended because this side's time ran out. */
  flagged: boolean;
  /** Counted down by the stylesheet: a running figure under a day (above, the page shows days and hours). */
  counts: boolean;
}

/** A deadline for the side to move: a realtime first move, or a correspondence move. */
export interface DeadlineView {
  color: Color;
  /** ISO time, as the server gave it. */
  iso: string;
  /** Time left until then, in ms (never below 0), as of the moment the page is made. */
  msLeft: number;
  text: string;
  /** Counted down by the stylesheet (under a day). */
  counts: boolean;
}

export interface ClockPanelView {
  /** `5+3`, `3 days`. */
  label: string;
  kind: TimeControl['type'];
  sides: Record<Color, SideClockView>;
  /** Realtime, before the clocks start: the side to move must move by then, or the game is aborted. */
  firstMove: DeadlineView | null;
  /** Correspondence: the side to move must move by then. */
  moveBy: DeadlineView | null;
}

/**
 * The clocks of a timed game, from figures the server made just now (`service.state`); null for an untimed game.
 * `now` is only for the deadlines, which the server gives as times.
 */
export function clockPanel(state: GameState, now: Date): ClockPanelView | null {
  const clock = state.clock;
  if (!clock || !state.timeControl) return null;
  const playing = state.status === 'active';
  const flagged = flaggedSide(state);
  const side = (color: Color): SideClockView => {
    const ms = color === 'white' ? clock.whiteMs : clock.blackMs;
    const running = playing && clock.running === color;
    return {
      color,
      ms,
      text: formatClock(ms),
      running,
      low: playing && ms < LOW_TIME_MS,
      flagged: flagged === color,
      counts: running && ms < MS_PER_DAY,
    };
  };
  const deadline = playing && clock.deadline !== null ? deadlineView(state.turn, clock.deadline, now) : null;
  const kind = state.timeControl.type;
  return {
    label: describeTimeControl(state.timeControl),
    kind,
    sides: { white: side('white'), black: side('black') },
    firstMove: kind === 'realtime' && clock.running === null ? deadline : null,
    moveBy: kind === 'correspondence' ? deadline : null,
  };
}

function deadlineView(color: Color, iso: string, now: Date): DeadlineView {
  const msLeft = Math.max(0, Date.parse(iso) - now.getTime());
  return { color, iso, msLeft, text: formatClock(msLeft), counts: msLeft < MS_PER_DAY };
}

/**
 * The side whose time ran out, for a game that ended on time: the loser, or (a draw on time, when the other side
 * could not mate) the side whose clock the server shows at zero, else the side that was to move.
 */
export function flaggedSide(
  state: Pick<GameState, 'status' | 'termination' | 'winner' | 'turn' | 'clock'>,
): Color | null {
  if (state.status !== 'finished' || state.termination !== 'timeout') return null;
  if (state.winner) return state.winner === 'white' ? 'black' : 'white';
  if (state.clock?.whiteMs === 0) return 'white';
  if (state.clock?.blackMs === 0) return 'black';
  return state.turn;
}

/** "Sat 21 Nov, 17:00 UTC": the server does not know the browser's time zone, so deadlines are shown in UTC. */
export function formatDeadline(iso: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day.replace(/,/u, '')}, ${time} UTC`;
}

/**
 * The usual name of a time control's speed, as lichess groups them by the estimated game length (initial time
 * plus 40 increments): "Bullet" for 1+0, "Blitz" for 5+3, "Rapid", "Classical"; "Correspondence"; "No clock".
 */
export function speedName(control: TimeControl | null): string {
  if (!control) return 'No clock';
  if (control.type === 'correspondence') return 'Correspondence';
  const estimate = control.initialSeconds + 40 * control.incrementSeconds;
  if (estimate < 30) return 'UltraBullet';
  if (estimate < 180) return 'Bullet';
  if (estimate < 480) return 'Blitz';
  if (estimate < 1500) return 'Rapid';
  return 'Classical';
}
