/**
 * The always-visible status line: whose move, check, draw offers, the game's end, and the connection
 * ("server unreachable — retrying in 4 s"). It alone re-renders on every poll answer and once a second for the
 * "checked N s ago" clock; the rest of the screen re-renders only when the game's version changes.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import { describeStatus } from '../describe.js';
import type { HealthStore } from '../health-store.js';
import type { Seat } from '../session.js';
import { TONE_COLORS, TONE_SIGNS } from './theme.js';

export interface StatusLineProps {
  game: GameState;
  seat: Seat;
  health: HealthStore;
  pending: string | null;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** The current time, refreshed every `periodMs` while `active`. */
function useNow(now: () => number, periodMs: number, active: boolean): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTime(now()), periodMs);
    return () => clearInterval(timer);
  }, [now, periodMs, active]);
  return active ? Math.max(time, now()) : time;
}

export function StatusLine({ game, seat, health, pending, now = Date.now }: StatusLineProps) {
  const news = useSyncExternalStore(health.subscribe, health.getSnapshot);
  const ticking = game.status !== 'finished' || news.phase === 'failing';
  const time = useNow(now, 1000, ticking);
  const status = describeStatus(game, seat, news, time, pending);
  return (
    <Text color={TONE_COLORS[status.tone]} bold={status.tone === 'turn' || status.tone === 'check'} wrap="truncate-end">
      {TONE_SIGNS[status.tone]} {status.text}
    </Text>
  );
}
