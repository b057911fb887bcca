import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { PollHealth } from '../poller.js';
import { HealthStore } from '../health-store.js';
import { playGame } from '../../test/support/real-games.js';
import { realtime, type Clock } from '../../shared/time-control.js';
import { StatusLine } from './status-line.js';

const NOW = 1_800_000_000_000;
const ok = (agoMs: number): PollHealth => ({
  phase: 'ok',
  checkedAt: NOW - agoMs,
  retryAt: null,
  failure: null,
  message: null,
});

function line(
  game: ReturnType<typeof playGame>,
  color: 'white' | 'black',
  health: PollHealth,
  pending: string | null = null,
  receivedAt = NOW,
): string {
  const store = new HealthStore(health);
  const { lastFrame, unmount } = render(
    <StatusLine
      game={game.state}
      seat={game.seats[color]}
      health={store}
      pending={pending}
      receivedAt={receivedAt}
      now={() => NOW}
    />,
  );
  const text = lastFrame()!;
  unmount();
  return text;
}

describe('StatusLine', () => {
  const start = playGame();

  it('says whose move it is, with a sign as well as a colour', () => {
    expect(line(start, 'white', ok(0))).toBe('▶ Your move');
    expect(line(start, 'black', ok(1200))).toBe('… Waiting for alice… (checked 1 s ago)');
  });

  it('says when the opponent has not joined yet', () => {
    const alone = playGame([], { seatBlack: false });
    expect(line(alone, 'white', ok(0))).toBe(
      `… Waiting for an opponent to join game ${alone.state.id}… (checked just now) — x aborts it`,
    );
  });

  it('says Check! to the side in check, and whose king is in check to the side waiting (issue 13 item 7)', () => {
    const check = playGame(['e4', 'f5', 'Qh5']);
    expect(line(check, 'black', ok(0))).toBe('! Check! Your move');
    expect(line(check, 'white', ok(3000))).toBe('… bob is in check. Waiting for bob… (checked 3 s ago)');
  });

  it('shows draw offers from both sides and a claimable draw', () => {
    const offered = playGame(['e4', { draw: 'offer', by: 'white' }]);
    expect(line(offered, 'black', ok(0))).toBe('▶ alice offers a draw: = accept, - decline. Your move');
    expect(line(offered, 'white', ok(0))).toBe('… Draw offered. Waiting for bob… (checked just now)');
    const repeated = playGame(['Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1', 'Ng8']);
    expect(line(repeated, 'white', ok(0))).toBe('▶ Your move (you may claim a draw: =)');
  });

  it('shows the network state ahead of everything else', () => {
    const unreachable: PollHealth = {
      phase: 'failing',
      checkedAt: null,
      retryAt: NOW + 3500,
      failure: 'network',
      message: 'ECONNREFUSED',
    };
    expect(line(start, 'white', unreachable)).toBe('⚠ server unreachable — retrying in 4 s');
    const failing: PollHealth = { ...unreachable, failure: 'internal', retryAt: NOW + 8000 };
    expect(line(start, 'white', failing)).toBe('⚠ server error (internal) — retrying in 8 s');
  });

  it('shows a request in flight and the end of the game', () => {
    expect(line(start, 'white', ok(0), 'Sending e4…')).toBe('↻ Sending e4…');
    expect(line(playGame(['f3', 'e5', 'g4', 'Qh4']), 'white', ok(0))).toBe('■ Game over: Checkmate — Black wins');
  });

  it('updates by itself when the poller reports', () => {
    const store = new HealthStore(ok(0));
    const { lastFrame, unmount } = render(
      <StatusLine game={start.state} seat={start.seats.black} health={store} pending={null} now={() => NOW} />,
    );
    expect(lastFrame()).toContain('checked just now');
    store.set({ phase: 'failing', checkedAt: null, retryAt: NOW + 2000, failure: 'network', message: 'down' });
    return new Promise<void>((done) =>
      setTimeout(() => {
        expect(lastFrame()).toBe('⚠ server unreachable — retrying in 2 s');
        unmount();
        done();
      }, 50),
    );
  });

  describe('in a timed game', () => {
    const withClock = (played: ReturnType<typeof playGame>, clock: Clock, timeControl = realtime(60, 0)) => ({
      ...played,
      state: { ...played.state, timeControl, clock },
    });

    it('says who is running out, marked with a sign of its own when it is this player', () => {
      const low = withClock(playGame(['e4', 'e5']), {
        whiteMs: 8_400,
        blackMs: 41_000,
        running: 'white',
        deadline: null,
      });
      expect(line(low, 'white', ok(0))).toBe('⚠ Your move — your clock: 8.4 — low time');
      expect(line(low, 'black', ok(0))).toBe("… Waiting for alice… — alice's clock: 8.4 — low time (checked just now)");
      // Counted down from the answer's arrival: 2 s later, 6.4.
      expect(line(low, 'white', ok(0), null, NOW - 2_000)).toBe('⚠ Your move — your clock: 6.4 — low time');
      const plenty = withClock(playGame(['e4', 'e5']), {
        whiteMs: 50_000,
        blackMs: 41_000,
        running: 'white',
        deadline: null,
      });
      expect(line(plenty, 'white', ok(0))).toBe('▶ Your move');
    });

    it('counts down the first-move deadline', () => {
      const start = withClock(playGame(), {
        whiteMs: 60_000,
        blackMs: 60_000,
        running: null,
        deadline: new Date(NOW + 21_500).toISOString(),
      });
      expect(line(start, 'white', ok(0))).toBe('▶ Your move — first move within 22 s, or the game is aborted');
      expect(line(start, 'black', ok(0))).toBe(
        '… Waiting for alice… — alice must make the first move within 22 s (checked just now)',
      );
    });
  });
});
