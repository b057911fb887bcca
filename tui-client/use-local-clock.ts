/**
 * `useLocalClock`: the game's clock counted down locally from the figures of the last answer (`clockAfter` from
 * the moment that answer arrived), re-rendering the component that asks exactly when the running side's shown
 * figure changes (every tenth under 10 s, every second above). Nothing ticks while no clock runs.
 */
import { useEffect, useState } from 'react';
import { clockAfter, remainingMs, type Clock } from '../shared/time-control.js';
import { msUntilFigureChanges } from './clock-text.js';

export function useLocalClock(clock: Clock | null, receivedAt: number, now: () => number): Clock | null {
  // Only its changes matter: each one re-renders, and the figures are computed from `now()` below.
  const [, setTick] = useState(0);
  useEffect(() => {
    const running = clock?.running;
    if (!clock || !running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const left = remainingMs(clockAfter(clock, now() - receivedAt), running);
      const delay = msUntilFigureChanges(left);
      if (!Number.isFinite(delay)) return;
      timer = setTimeout(() => {
        setTick((tick) => tick + 1);
        schedule();
      }, delay);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [clock, receivedAt, now]);
  return clock ? clockAfter(clock, now() - receivedAt) : null;
}
