/** The clocks as the game page shows them, from the server's figures (API.md v1.1 "Time controls"). */
import { describe, expect, it } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import { correspondence, realtime, TIME_CONTROL_PRESETS } from '../shared/time-control.js';
import { playGame } from '../test/support/real-games.js';
import { clockPanel, flaggedSide, formatDeadline, speedName } from './clock-view.js';
import { countdownClasses } from './countdown.js';

const NOW = new Date('2026-11-21T17:00:00.000Z');

function timed(state: GameState, changes: Partial<GameState>): GameState {
  return { ...state, timeControl: realtime(300, 3), ...changes };
}

describe('clockPanel', () => {
  it('is null for an untimed game', () => {
    expect(clockPanel(playGame(['e4']).state, NOW)).toBeNull();
  });

  it("shows both figures and marks the running side's, which counts down", () => {
    const state = timed(playGame(['e4', 'e5']).state, {
      clock: { whiteMs: 297_140, blackMs: 300_000, running: 'white', deadline: null },
    });
    const panel = clockPanel(state, NOW)!;
    expect(panel.label).toBe('5+3');
    expect(panel.sides.white).toMatchObject({ text: '4:57', running: true, counts: true, low: false, flagged: false });
    expect(panel.sides.black).toMatchObject({ text: '5:00', running: false, counts: false });
    expect(panel.firstMove).toBeNull();
  });

  it('marks a figure under LOW_TIME_MS (10 s) as low, whichever side it is', () => {
    const state = timed(playGame(['e4', 'e5']).state, {
      clock: { whiteMs: 9_870, blackMs: 10_000, running: 'white', deadline: null },
    });
    const panel = clockPanel(state, NOW)!;
    expect(panel.sides.white).toMatchObject({ text: '9.8', low: true });
    expect(panel.sides.black).toMatchObject({ text: '0:10', low: false });
  });

  it('before the clocks start shows the first-move deadline of the side to move', () => {
    const state = timed(playGame([]).state, {
      clock: { whiteMs: 300_000, blackMs: 300_000, running: null, deadline: '2026-11-21T17:00:27.500Z' },
    });
    const panel = clockPanel(state, NOW)!;
    expect(panel.sides.white.running).toBe(false);
    expect(panel.firstMove).toMatchObject({ color: 'white', msLeft: 27_500, text: '0:27', counts: true });
    expect(panel.moveBy).toBeNull();
  });

  it('shows days and hours for correspondence, with the deadline, and counts only under a day', () => {
    const state = {
      ...playGame(['e4']).state,
      timeControl: correspondence(3),
      clock: { whiteMs: 259_200_000, blackMs: 200_000_000, running: 'black', deadline: '2026-11-23T20:33:20.000Z' },
    } satisfies GameState;
    const panel = clockPanel(state, NOW)!;
    expect(panel.label).toBe('3 days');
    expect(panel.sides.black).toMatchObject({ text: '2d 07h', running: true, counts: false });
    expect(panel.sides.white.text).toBe('3d 00h');
    expect(panel.moveBy).toMatchObject({ color: 'black', iso: '2026-11-23T20:33:20.000Z' });
    expect(formatDeadline(panel.moveBy!.iso)).toBe('Mon 23 Nov, 20:33 UTC');
    const lastHours = { ...state, clock: { ...state.clock, blackMs: 5_000_000 } };
    expect(clockPanel(lastHours, NOW)!.sides.black).toMatchObject({ text: '1:23:20', counts: true });
  });

  it('shows the flagged side of a game lost on time, and no running clock once finished', () => {
    const lost = timed(playGame(['e4', 'e5']).state, {
      status: 'finished',
      result: '0-1',
      termination: 'timeout',
      winner: 'black',
      clock: { whiteMs: 0, blackMs: 288_000, running: null, deadline: null },
    });
    const panel = clockPanel(lost, NOW)!;
    expect(panel.sides.white).toMatchObject({ text: '0.0', flagged: true, running: false, low: false });
    expect(panel.sides.black.flagged).toBe(false);
    // A draw on time (the other side cannot mate): the side at zero ran out.
    const drawn = { ...lost, result: '1/2-1/2', winner: null, clock: { ...lost.clock!, whiteMs: 1200, blackMs: 0 } };
    expect(flaggedSide(drawn as GameState)).toBe('black');
    expect(flaggedSide({ ...lost, termination: 'resignation' })).toBeNull();
  });
});

describe('countdownClasses', () => {
  it('carries the tenths digit by digit and the rest of a tenth in 10 ms steps', () => {
    expect(countdownClasses(297_140)).toEqual(['countdown', 'cd0-1', 'cd1-7', 'cd2-9', 'cd3-2', 'cd-lag-4']);
    expect(countdownClasses(60_000)).toEqual(['countdown', 'cd2-6']); // 600 tenths
    expect(countdownClasses(0)).toEqual(['countdown']);
  });

  it('does not count a day or more (the page shows days and hours)', () => {
    expect(countdownClasses(86_400_000)).toEqual([]);
    expect(countdownClasses(86_399_999)).toContain('countdown');
  });
});

describe('speedName', () => {
  it('names every lobby preset like lichess', () => {
    expect(TIME_CONTROL_PRESETS.map(speedName)).toEqual([
      'Bullet',
      'Blitz',
      'Blitz',
      'Rapid',
      'Rapid',
      'Classical',
      'Correspondence',
      'Correspondence',
      'Correspondence',
      'No clock',
    ]);
    expect(speedName(realtime(15, 0))).toBe('UltraBullet');
  });
});
