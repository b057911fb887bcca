/**
 * A side's clock beside its name, and the deadlines of the side to move. The running clock says so in words
 * ("▶ running"), not only by its colour; a low one carries a warning sign; a flagged one says "out of time".
 * Running figures count down by CSS alone (see countdown.ts); the server's figure is the text in the markup.
 */
import { sideName } from '../../shared/outcome-text.js';
import { formatClock } from '../../shared/time-control.js';
import { formatDeadline, type DeadlineView, type SideClockView } from '../clock-view.js';
import { countdownClasses } from '../countdown.js';

/** A figure that counts down from `ms` when `counts` (and the browser can), else the figure as it is. */
export function Countdown({ ms, counts, className }: { ms: number; counts: boolean; className: string }) {
  const classes = [className, ...(counts ? countdownClasses(ms) : [])];
  return (
    <span className={classes.join(' ')}>
      <span className="clock-static">{formatClock(ms)}</span>
    </span>
  );
}

export function SideClock({ clock }: { clock: SideClockView }) {
  const state = clock.flagged ? 'flagged' : clock.running ? 'running' : 'idle';
  return (
    <span className={`clock ${clock.color} ${state}${clock.low ? ' low' : ''}`} data-clock={clock.color}>
      <span className="visually-hidden">{sideName(clock.color)}&apos;s clock: </span>
      <Countdown ms={clock.ms} counts={clock.counts} className={`clock-face${clock.low ? ' low' : ''}`} />
      {clock.low ? <span className="visually-hidden"> (low on time)</span> : null}
      {clock.running ? (
        <span className="clock-state">
          <span aria-hidden="true">{'▶\uFE0E'}</span> running
        </span>
      ) : null}
      {clock.flagged ? (
        <span className="clock-state">
          <span aria-hidden="true">{'⚑\uFE0E'}</span> out of time
        </span>
      ) : null}
    </span>
  );
}

/** "First move within 0:27, or the game is aborted" (realtime), shown in the bar of the side to move. */
export function FirstMoveDeadline({ deadline }: { deadline: DeadlineView }) {
  return (
    <span className="clock-note first-move" data-deadline={deadline.color}>
      First move within <Countdown ms={deadline.msLeft} counts={deadline.counts} className="deadline-face" />, or the
      game is aborted
    </span>
  );
}

/** "Move by Sat 21 Nov, 17:00 UTC" (correspondence), shown in the bar of the side to move. */
export function MoveByDeadline({ deadline }: { deadline: DeadlineView }) {
  return (
    <span className="clock-note move-by" data-deadline={deadline.color}>
      Move by <time dateTime={deadline.iso}>{formatDeadline(deadline.iso)}</time>
    </span>
  );
}
