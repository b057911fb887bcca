import { describe, expect, it } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import { correspondence, realtime, type Clock, type TimeControl } from '../shared/time-control.js';
import type { Color } from '../shared/vocabulary.js';
import {
  CORRESPONDENCE_MOVETIME_MS,
  MIN_SEARCH_MS,
  searchLimitFor,
  sideSearchCap,
  TRANSPORT_RESERVE_MS,
  UNTIMED_MOVETIME_MS,
  type BudgetInput,
  type ThinkingLimits,
} from './time-budget.js';

const NOW = Date.parse('2026-11-21T18:00:00.000Z');
const R = TRANSPORT_RESERVE_MS;

/** A state of an active game: the side to move, its time control and its clock as API.md v1.1 writes them. */
function input(
  turn: Color,
  timeControl: TimeControl | null,
  clock: Clock | null,
  options: { color?: Color; elapsedMs?: number; limits?: ThinkingLimits } = {},
): BudgetInput {
  const state: BudgetInput['state'] = { status: 'active', turn, timeControl, clock };
  return {
    state,
    color: options.color ?? turn,
    elapsedMs: options.elapsedMs ?? 0,
    nowMs: NOW,
    limits: options.limits ?? {},
  };
}

const running = (whiteMs: number, blackMs: number, side: Color): Clock => ({
  whiteMs,
  blackMs,
  running: side,
  deadline: null,
});

describe('untimed games', () => {
  it.each<[ThinkingLimits, unknown]>([
    [{}, { movetime: UNTIMED_MOVETIME_MS }],
    [{ movetime: 40 }, { movetime: 40 }],
    [{ depth: 8 }, { depth: 8 }],
    [
      { movetime: 40, depth: 8 },
      { movetime: 40, depth: 8 },
    ],
  ])('with %j search %j', (limits, expected) => {
    expect(searchLimitFor(input('white', null, null, { limits }))).toEqual(expected);
  });
});

describe('realtime, the clocks running', () => {
  const oneZero = realtime(60, 0);

  it('gives the engine both clocks, ours less the reserve, and a hard stop at what we have', () => {
    expect(searchLimitFor(input('white', realtime(300, 3), running(297_140, 300_000, 'white')))).toEqual({
      clock: { wtime: 297_140 - R, btime: 300_000, winc: 3000, binc: 3000 },
      stopAfterMs: 297_140 - R,
    });
    expect(searchLimitFor(input('black', oneZero, running(41_000, 52_500, 'black')))).toEqual({
      clock: { wtime: 41_000, btime: 52_500 - R, winc: 0, binc: 0 },
      stopAfterMs: 52_500 - R,
    });
  });

  it('counts our clock down for the time since the state arrived (not the opponent’s)', () => {
    const limit = searchLimitFor(input('white', oneZero, running(10_000, 20_000, 'white'), { elapsedMs: 1234.7 }));
    expect(limit).toEqual({
      clock: { wtime: 10_000 - 1234 - R, btime: 20_000, winc: 0, binc: 0 },
      stopAfterMs: 10_000 - 1234 - R,
    });
  });

  it('moves at once when the time left is within the reserve', () => {
    expect(searchLimitFor(input('white', oneZero, running(R + 5, 9000, 'white')))).toEqual({
      movetime: MIN_SEARCH_MS,
    });
    expect(searchLimitFor(input('white', oneZero, running(5000, 9000, 'white'), { elapsedMs: 6000 }))).toEqual({
      movetime: MIN_SEARCH_MS,
    });
  });

  it('keeps an explicit movetime when the clock allows it, caps it when not', () => {
    const limits = { movetime: 500 };
    // 60 s left: a twentieth is about 3 s, so 500 ms stands.
    expect(searchLimitFor(input('white', oneZero, running(60_000, 60_000, 'white'), { limits }))).toEqual({
      movetime: 500,
    });
    // 4.3 s left, no increment: (4300 - 300) / 20 = 200 ms.
    expect(searchLimitFor(input('white', oneZero, running(4300, 60_000, 'white'), { limits }))).toEqual({
      movetime: 200,
    });
    // With a 2 s increment the share grows by it, but never past half of what is left.
    expect(searchLimitFor(input('white', realtime(60, 2), running(2300, 60_000, 'white'), { limits }))).toEqual({
      movetime: 500,
    });
    expect(
      searchLimitFor(input('white', realtime(60, 2), running(1000, 60_000, 'white'), { limits: { movetime: 5000 } })),
    ).toEqual({ movetime: 350 });
  });

  it('caps an explicit depth by the clock', () => {
    expect(
      searchLimitFor(input('black', oneZero, running(60_000, 10_300, 'black'), { limits: { depth: 12 } })),
    ).toEqual({ depth: 12, movetime: 500 });
    expect(
      searchLimitFor(
        input('black', oneZero, running(60_000, 10_300, 'black'), { limits: { depth: 12, movetime: 50 } }),
      ),
    ).toEqual({ depth: 12, movetime: 50 });
  });
});

describe('realtime, the untimed first half-moves', () => {
  const deadlineIn = (ms: number): Clock => ({
    whiteMs: 60_000,
    blackMs: 60_000,
    running: null,
    deadline: new Date(NOW + ms).toISOString(),
  });

  it('searches briefly, well inside the first-move deadline', () => {
    expect(searchLimitFor(input('white', realtime(60, 0), deadlineIn(30_000)))).toEqual({
      movetime: UNTIMED_MOVETIME_MS,
    });
    // An explicit movetime gets at most a quarter of the time to the deadline, less the reserve.
    expect(
      searchLimitFor(input('black', realtime(60, 0), deadlineIn(30_000), { limits: { movetime: 20_000 } })),
    ).toEqual({ movetime: (30_000 - R) / 4 });
    expect(searchLimitFor(input('black', realtime(60, 0), deadlineIn(30_000), { limits: { depth: 30 } }))).toEqual({
      depth: 30,
      movetime: Math.floor((30_000 - R) / 4),
    });
  });

  it('moves at once when the deadline is (by our wall clock) already near or past', () => {
    expect(searchLimitFor(input('white', realtime(60, 0), deadlineIn(200)))).toEqual({ movetime: MIN_SEARCH_MS });
    expect(searchLimitFor(input('white', realtime(60, 0), deadlineIn(-5000)))).toEqual({ movetime: MIN_SEARCH_MS });
  });
});

describe('correspondence', () => {
  const threeDays = correspondence(3);
  const days = (n: number) => n * 86_400_000;

  it('searches a second (or --movetime), never days of wtime', () => {
    const clock = running(days(3) - 5000, days(3), 'white');
    expect(searchLimitFor(input('white', threeDays, clock))).toEqual({ movetime: CORRESPONDENCE_MOVETIME_MS });
    expect(searchLimitFor(input('white', threeDays, clock, { limits: { movetime: 60_000 } }))).toEqual({
      movetime: 60_000,
    });
    expect(searchLimitFor(input('white', threeDays, clock, { limits: { depth: 20 } }))).toEqual({
      depth: 20,
      movetime: 30_000,
    });
  });

  it('stays inside the time to the deadline when it is short', () => {
    const clock = running(days(1), 1300, 'black');
    expect(searchLimitFor(input('black', correspondence(1), clock))).toEqual({ movetime: 500 });
  });
});

describe('side searches (draw offers)', () => {
  it('are free while our clock stands, a share of it while it runs', () => {
    const tc = realtime(60, 0);
    expect(sideSearchCap({ ...input('white', null, null) })).toBe(Number.POSITIVE_INFINITY);
    expect(sideSearchCap(input('white', tc, running(20_300, 5000, 'white'), { color: 'black' }))).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(sideSearchCap(input('white', tc, running(20_300, 5000, 'white')))).toBe(1000);
  });
});

describe('a finished or odd state', () => {
  it('falls back to the untimed limit when the game is not active', () => {
    const state = input('white', realtime(60, 0), { ...running(0, 5000, 'white'), running: null });
    const finished: BudgetInput = { ...state, state: { ...state.state, status: 'finished' as GameState['status'] } };
    expect(searchLimitFor(finished)).toEqual({ movetime: UNTIMED_MOVETIME_MS });
  });
});
