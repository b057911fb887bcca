/**
 * The always-visible status line: whose move, check, draw offers, who is running out of time, the game's end,
 * and the connection ("server unreachable — retrying in 4 s"). It re-renders on every poll answer, once a second
 * for "checked N s ago", and whenever the running clock's figure changes (every tenth under 10 s); the rest of
 * the screen re-renders only when the game's version changes (the clock figures beside the board tick by
 * themselves).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import { describeStatus } from '../describe.js';
import type { HealthStore } from '../health-store.js';
import type { Seat } from '../session.js';
import { useLocalClock } from '../use-local-clock.js';
import { SideClock } from './side-panel.js';
import { TONE_COLORS, TONE_SIGNS } from './theme.js';

export interface StatusLineProps {
  game: GameState;
  seat: Seat;
  health: HealthStore;
  pending: string | null;
  /** When the answer carrying `game` arrived: the clock counts down from there (default: now). */
  receivedAt?: number;
  /** The time now, injectable for tests. */
  now?: () => number;
  /** Both clocks at the start of the line (small terminals, where neither the side panel nor the players line fit). */
  withClocks?: boolean;
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

export function StatusLine({
  game,
  seat,
  health,
  pending,
  receivedAt,
  now = Date.now,
  withClocks = false,
}: StatusLineProps) {
  const news = useSyncExternalStore(health.subscribe, health.getSnapshot);
  const ticking = game.status !== 'finished' || news.phase === 'failing';
  const time = useNow(now, 1000, ticking);
  const [openedAt] = useState(now);
  const since = receivedAt ?? openedAt;
  const clock = useLocalClock(game.clock ?? null, since, now);
  const status = describeStatus(game, seat, news, time, pending, clock);
  const bold = status.tone === 'turn' || status.tone === 'check' || status.tone === 'hurry';
  return (
    <Text wrap="truncate-end">
      {withClocks && game.clock ? (
        <Text>
          W <SideClock game={game} side="white" receivedAt={since} now={now} /> B{' '}
          <SideClock game={game} side="black" receivedAt={since} now={now} />{' '}
        </Text>
      ) : null}
      <Text color={TONE_COLORS[status.tone]} bold={bold}>
        {TONE_SIGNS[status.tone]} {status.text}
      </Text>
    </Text>
  );
}
