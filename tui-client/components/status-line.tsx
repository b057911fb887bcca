/**
 * The always-visible status line: whose move, check, draw offers, who is running out of time, the game's end,
 * and the connection ("server unreachable — retrying in 4 s"). It re-renders on every poll answer, once a second
 * for "checked N s ago", and whenever the running clock's figure changes (every tenth under 10 s); the rest of
 * the screen re-renders only when the game's version changes (the clock figures beside the board tick by
 * themselves).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import type { Notice } from '../actions.js';
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
  /** Lines the status may take: with 2, a status longer than `width` wraps instead of being cut. */
  lines?: 1 | 2;
  /** The terminal's width (for `lines`). */
  width?: number;
  /** Shown instead of the status (terminals too small for the field's notice line). */
  notice?: Notice | null;
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
  lines = 1,
  width = 80,
  notice = null,
}: StatusLineProps) {
  const news = useSyncExternalStore(health.subscribe, health.getSnapshot);
  const ticking = game.status !== 'finished' || news.phase === 'failing';
  const time = useNow(now, 1000, ticking);
  const [openedAt] = useState(now);
  const since = receivedAt ?? openedAt;
  const clock = useLocalClock(game.clock ?? null, since, now);
  const status = describeStatus(game, seat, news, time, pending, clock);
  const bold = status.tone === 'turn' || status.tone === 'check' || status.tone === 'hurry';
  if (notice && news.phase !== 'failing') {
    return (
      <Text wrap="truncate-end" color={notice.tone === 'error' ? 'red' : 'cyan'}>
        {notice.tone === 'error' ? '✗' : '✓'} {notice.text}
        {notice.suggestion ? ` Tab: ${notice.suggestion}?` : ''}
      </Text>
    );
  }
  // The clocks in front take about 20 columns; a status that does not fit wraps onto a second line if allowed.
  const length = status.text.length + 2 + (withClocks && game.clock ? 22 : 0);
  const wraps = lines === 2 && length > width;
  const line = (
    <Text wrap={wraps ? 'wrap' : 'truncate-end'}>
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
  return wraps ? (
    <Box height={2} overflow="hidden" width={width}>
      {line}
    </Box>
  ) : (
    line
  );
}
