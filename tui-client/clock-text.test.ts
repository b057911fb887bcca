import { describe, expect, it } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import { correspondence, realtime, type Clock } from '../shared/time-control.js';
import { playGame } from '../test/support/real-games.js';
import { clockFace, clockFaceText, clockNotice, clocksLine, deadlineText, msUntilFigureChanges } from './clock-text.js';

const NOW = Date.parse('2026-11-21T17:00:00.000Z');
const clock = (whiteMs: number, blackMs: number, running: Clock['running'], deadline: string | null = null) => ({
  whiteMs,
  blackMs,
  running,
  deadline,
});

/** A real position with a clock laid over it (the figures are the input under test). */
function timed(moves: string[], timeControl: GameState['timeControl'], figures: Clock): GameState {
  return { ...playGame(moves).state, timeControl, clock: figures };
}

describe('clockFace and clockFaceText', () => {
  it('brackets the running clock, pads figures, marks LOW under 10 s — all in characters', () => {
    expect(clockFaceText(clockFace(clock(297_140, 300_000, 'white'), 'white', false))).toBe('[ 4:57]');
    expect(clockFaceText(clockFace(clock(297_140, 300_000, 'white'), 'black', false))).toBe('  5:00 ');
    expect(clockFaceText(clockFace(clock(8_460, 60_000, 'white'), 'white', false))).toBe('LOW [  8.4]');
    expect(clockFaceText(clockFace(clock(8_460, 60_000, 'black'), 'white', false))).toBe('LOW    8.4 ');
    expect(clockFaceText(clockFace(clock(3_723_000, 600_000, null), 'white', false))).toBe(' 1:02:03 ');
    expect(clockFaceText(clockFace(clock(3 * 86_400_000 - 1, 0, 'white'), 'white', false))).toBe('[2d 23h]');
  });

  it('marks nothing low once the game is over (the flagged side shows 0.0)', () => {
    expect(clockFace(clock(0, 41_000, null), 'white', true)).toEqual({ figure: '0.0', running: false, low: false });
  });
});

describe('msUntilFigureChanges', () => {
  it('is the time to the next shown second, tenth under 10 s, hour from a day up', () => {
    expect(msUntilFigureChanges(297_140)).toBe(141);
    // Never less than 5 ms, so that a timer never spins.
    expect(msUntilFigureChanges(10_000)).toBe(5);
    expect(msUntilFigureChanges(8_460)).toBe(61);
    expect(msUntilFigureChanges(2 * 86_400_000 + 30 * 60_000)).toBe(60_000);
    expect(msUntilFigureChanges(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('clockNotice', () => {
  const blitz = realtime(300, 3);

  it('says nothing with plenty of time, and nothing in an untimed game', () => {
    expect(
      clockNotice(
        timed(['e4', 'e5'], blitz, clock(290_000, 295_000, 'white')),
        'white',
        'bob',
        clock(290_000, 295_000, 'white'),
        NOW,
      ),
    ).toBeNull();
    const untimed = playGame(['e4']).state;
    expect(clockNotice(untimed, 'white', 'bob', null, NOW)).toBeNull();
  });

  it('says who is running out: this player (urgent), the opponent, or both', () => {
    const mine = clock(8_400, 120_000, 'white');
    expect(clockNotice(timed(['e4', 'e5'], blitz, mine), 'white', 'bob', mine, NOW)).toEqual({
      text: 'your clock: 8.4 — low time',
      urgent: true,
    });
    expect(clockNotice(timed(['e4', 'e5'], blitz, mine), 'black', 'alice', mine, NOW)).toEqual({
      text: "alice's clock: 8.4 — low time",
      urgent: false,
    });
    const both = clock(8_400, 3_000, 'white');
    expect(clockNotice(timed(['e4', 'e5'], blitz, both), 'black', 'alice', both, NOW)?.text).toBe(
      "your clock: 3.0, alice's clock: 8.4 — low time",
    );
  });

  it("counts down a realtime game's first-move deadline (the game is aborted when it passes)", () => {
    const first = clock(300_000, 300_000, null, '2026-11-21T17:00:27.400Z');
    const start = timed([], blitz, first);
    expect(clockNotice(start, 'white', 'bob', first, NOW)).toEqual({
      text: 'first move within 28 s, or the game is aborted',
      urgent: false,
    });
    expect(clockNotice(start, 'black', 'alice', first, NOW)?.text).toBe('alice must make the first move within 28 s');
    expect(clockNotice(start, 'white', 'bob', first, NOW + 20_000)?.urgent).toBe(true);
  });

  it("gives a correspondence game's deadline and the time left", () => {
    const deadline = '2026-11-24T16:00:00.000Z';
    const days = clock(2 * 86_400_000, 3 * 86_400_000 - 3_600_000, 'black', deadline);
    const game = timed(['e4'], correspondence(3), days);
    expect(clockNotice(game, 'black', 'alice', days, NOW)?.text).toBe(
      `move by ${deadlineText(deadline)} (2d 23h left)`,
    );
    expect(clockNotice(game, 'white', 'bob', days, NOW)?.text).toBe(
      `bob has until ${deadlineText(deadline)} (2d 23h left)`,
    );
    expect(deadlineText(deadline)).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d\d:\d\d$/u);
  });
});

describe('clocksLine (line mode)', () => {
  it('names the time control and both figures, the running one and low time in words', () => {
    const figures = clock(8_400, 61_000, 'white');
    expect(clocksLine(timed(['e4', 'e5'], realtime(60, 0), figures), figures)).toBe(
      'Clocks (1+0): white 8.4 LOW running, black 1:01',
    );
    expect(clocksLine(playGame().state, null)).toBeNull();
  });
});
