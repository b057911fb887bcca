/**
 * The clock rules of API.md v1.1 "Time controls", rule by rule, as tables. Each row names the clause it checks.
 * Times are epoch ms from T0; nothing here sleeps.
 */
import { describe, expect, it } from 'vitest';
import { correspondence, realtime, type TimeControl } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';
import { hasMatingMaterial } from './fide-rules.js';
import {
  afterMove,
  clockView,
  creditDowntime,
  deadlineOf,
  dueAt,
  LAG_GRACE_MS,
  newClock,
  startClock,
  stoppedClock,
  timeUp,
  type ClockContext,
  type ClockRecord,
} from './game-clock.js';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
const FIVE_PLUS_THREE = realtime(300, 3);
const THREE_DAYS = correspondence(3);
const DAY = 86_400_000;

function context(control: TimeControl, clock: ClockRecord, plies: number, turn?: Color): ClockContext {
  return { control, clock, plies, turn: turn ?? (plies % 2 === 0 ? 'white' : 'black') };
}

/** The clock of a 5+3 game after `plies` half-moves, the side to move's turn having begun at T0. */
function running(plies: number, whiteMs = 300_000, blackMs = 300_000): ClockContext {
  return context(FIVE_PLUS_THREE, { whiteMs, blackMs, turnStartedAt: T0, firstMoveMs: 30_000 }, plies);
}

describe('a new clock', () => {
  it.each([
    { control: FIVE_PLUS_THREE, full: 300_000, rule: 'realtime: each side starts with the initial time' },
    { control: realtime(1, 0), full: 1000, rule: 'realtime: the smallest initial time, 1 s' },
    { control: THREE_DAYS, full: 3 * DAY, rule: 'correspondence: each side has its days per move' },
  ])('$rule', ({ control, full }) => {
    const clock = newClock(control, 30_000);
    expect(clock).toEqual({ whiteMs: full, blackMs: full, turnStartedAt: null, firstMoveMs: 30_000 });
    // Waiting for the second player: nothing runs, nothing falls due.
    expect(dueAt(context(control, clock, 0))).toBeNull();
    expect(clockView(context(control, clock, 0), T0, false)).toEqual({
      whiteMs: full,
      blackMs: full,
      running: null,
      deadline: null,
    });
  });
});

describe('first moves (API.md: "white\'s and black\'s first moves are not timed, but each must come within the first-move limit")', () => {
  const started = context(FIVE_PLUS_THREE, startClock(newClock(FIVE_PLUS_THREE, 30_000), T0), 0);

  it.each([
    { plies: 0, rule: "white's first move: not running, deadline at the first-move limit" },
    { plies: 1, rule: "black's first move: the same, from white's move on" },
  ])('$rule', ({ plies }) => {
    const turn = { ...started, plies, turn: (plies === 0 ? 'white' : 'black') as Color };
    expect(clockView(turn, T0 + 10_000, false)).toEqual({
      whiteMs: 300_000,
      blackMs: 300_000,
      running: null,
      deadline: new Date(T0 + 30_000).toISOString(),
    });
    expect(deadlineOf(turn)).toBe(T0 + 30_000);
  });

  it.each([
    { at: T0 + 30_000, up: null, rule: 'at the limit the move still counts' },
    { at: T0 + 30_000 + LAG_GRACE_MS - 1, up: null, rule: 'within the lag grace it still counts' },
    { at: T0 + 30_000 + LAG_GRACE_MS, up: 'first_move_missed', rule: 'after the grace the game is aborted' },
  ])('$rule', ({ at, up }) => {
    expect(timeUp(started, at)).toBe(up);
  });

  it('a first move charges nothing and adds no increment (the clocks are not running)', () => {
    const after = afterMove(started, T0 + 25_000);
    expect(after).toMatchObject({ whiteMs: 300_000, blackMs: 300_000, turnStartedAt: T0 + 25_000 });
  });

  it("the clocks run from the second half-move on: white is running after black's first move", () => {
    const afterBlack = afterMove({ ...started, plies: 1, turn: 'black' }, T0 + 5000);
    const view = clockView(context(FIVE_PLUS_THREE, afterBlack, 2), T0 + 7000, false);
    expect(view).toEqual({ whiteMs: 298_000, blackMs: 300_000, running: 'white', deadline: null });
  });
});

describe('moves on a running clock', () => {
  it.each([
    {
      rule: 'the time spent is charged, then the increment is added ("after each move made in time")',
      at: T0 + 10_000,
      whiteMs: 300_000,
      expected: 300_000 - 10_000 + 3000,
    },
    { rule: 'an instant move gains the increment', at: T0, whiteMs: 300_000, expected: 303_000 },
    {
      rule: 'a move at the very last millisecond keeps 0 and gains the increment',
      at: T0 + 5000,
      whiteMs: 5000,
      expected: 3000,
    },
    {
      rule: 'a move within the lag grace counts as made with 0 ms left',
      at: T0 + 5000 + LAG_GRACE_MS - 1,
      whiteMs: 5000,
      expected: 3000,
    },
  ])('$rule', ({ at, whiteMs, expected }) => {
    const before = running(2, whiteMs);
    expect(timeUp(before, at)).toBeNull();
    const after = afterMove(before, at);
    expect(after).toMatchObject({ whiteMs: expected, blackMs: 300_000, turnStartedAt: at });
  });

  it('the side to move runs out at its time left from the start of its turn; it flags after the grace', () => {
    const turn = running(10, 20_000, 50_000);
    expect(deadlineOf(turn)).toBe(T0 + 20_000);
    expect(dueAt(turn)).toBe(T0 + 20_000 + LAG_GRACE_MS);
    expect(timeUp(turn, T0 + 20_000 + LAG_GRACE_MS - 1)).toBeNull();
    expect(timeUp(turn, T0 + 20_000 + LAG_GRACE_MS)).toBe('flag');
  });

  it('the view counts the running side down and never below 0; the other side stands still', () => {
    const turn = running(3, 100_000, 60_000);
    expect(clockView(turn, T0 + 1234, false)).toEqual({
      whiteMs: 100_000,
      blackMs: 58_766,
      running: 'black',
      deadline: null,
    });
    expect(clockView(turn, T0 + 61_000, false).blackMs).toBe(0);
  });
});

describe('correspondence (days per move)', () => {
  const started = context(THREE_DAYS, startClock(newClock(THREE_DAYS), T0), 0);

  it('runs for the side to move from the start, with a deadline', () => {
    expect(clockView(started, T0 + DAY, false)).toEqual({
      whiteMs: 2 * DAY,
      blackMs: 3 * DAY,
      running: 'white',
      deadline: new Date(T0 + 3 * DAY).toISOString(),
    });
  });

  it('each move resets the mover to the full allowance', () => {
    const later = context(THREE_DAYS, { ...started.clock, whiteMs: 3 * DAY }, 4);
    expect(afterMove(later, T0 + 2 * DAY)).toMatchObject({ whiteMs: 3 * DAY, turnStartedAt: T0 + 2 * DAY });
  });

  it.each([
    { plies: 0, up: 'first_move_missed', rule: 'a missed first deadline aborts the game' },
    { plies: 5, up: 'flag', rule: 'a missed later deadline loses on time' },
  ])('$rule', ({ plies, up }) => {
    const turn = context(THREE_DAYS, started.clock, plies);
    expect(timeUp(turn, T0 + 3 * DAY + LAG_GRACE_MS - 1)).toBeNull();
    expect(timeUp(turn, T0 + 3 * DAY + LAG_GRACE_MS)).toBe(up);
  });
});

describe('the end of the game', () => {
  it.each([
    {
      rule: "a game ended by a move or a resignation keeps the running side's time as it stood",
      ranOut: false,
      black: 290_000,
    },
    { rule: 'a side that ran out shows 0', ranOut: true, black: 0 },
  ])('$rule', ({ ranOut, black }) => {
    const stopped = stoppedClock(running(3), T0 + 10_000, ranOut);
    expect(stopped).toMatchObject({ whiteMs: 300_000, blackMs: black, turnStartedAt: null });
    const view = clockView(context(FIVE_PLUS_THREE, stopped, 3), T0 + 99_999, true);
    expect(view).toEqual({ whiteMs: 300_000, blackMs: black, running: null, deadline: null });
    expect(dueAt(context(FIVE_PLUS_THREE, stopped, 3))).toBeNull();
  });
});

describe('time the server was down is given back to the side to move', () => {
  it.each([
    {
      rule: 'down from the last heartbeat: everything after it is credited',
      turnStartedAt: T0,
      aliveUntil: T0 + 4000,
      now: T0 + 64_000,
      // 4 s of the turn were charged before the crash; the 60 s down are not.
      expectedStart: T0 + 60_000,
    },
    {
      rule: 'a turn that began after the last heartbeat gets back everything since it began',
      turnStartedAt: T0 + 4500,
      aliveUntil: T0 + 4000,
      now: T0 + 10_000,
      expectedStart: T0 + 10_000,
    },
    {
      rule: 'no time down, nothing credited',
      turnStartedAt: T0,
      aliveUntil: T0 + 5000,
      now: T0 + 5000,
      expectedStart: T0,
    },
  ])('$rule', ({ turnStartedAt, aliveUntil, now, expectedStart }) => {
    const clock = { ...running(4).clock, turnStartedAt };
    expect(creditDowntime(clock, aliveUntil, now).turnStartedAt).toBe(expectedStart);
  });

  it('a clock that is not running is left alone', () => {
    const idle = newClock(FIVE_PLUS_THREE);
    expect(creditDowntime(idle, T0, T0 + 60_000)).toBe(idle);
  });
});

// FIDE Laws 6.9: a flag loses "unless the position is such that the opponent cannot checkmate the player's king by
// any possible series of legal moves", when the game is drawn. The table is lichess's (scalachess
// InsufficientMatingMaterial(board, color)); positions are plain FEN placements.
describe('mating material of the side that did not flag (FIDE 6.9)', () => {
  it.each([
    { fen: '4k3/8/8/8/8/8/8/3QK3 w - - 0 1', color: 'black', can: false, rule: 'a lone king cannot mate' },
    { fen: '4k3/8/8/8/8/8/8/3QK3 w - - 0 1', color: 'white', can: true, rule: 'a queen can' },
    { fen: '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1', color: 'white', can: true, rule: 'a pawn can (it may promote)' },
    { fen: '4k3/8/8/8/8/8/8/R3K3 w - - 0 1', color: 'white', can: true, rule: 'a rook can' },
    { fen: '4k3/8/8/8/8/8/8/1N2K3 w - - 0 1', color: 'white', can: false, rule: 'K+N cannot mate a bare king' },
    {
      fen: '4k3/8/8/8/8/8/8/1N2K3 w - - 0 1'.replace('4k3', '3qk3'),
      color: 'white',
      can: false,
      rule: 'K+N cannot mate K+Q (the queen cannot be the blocking piece)',
    },
    {
      fen: '3rk3/8/8/8/8/8/8/1N2K3 w - - 0 1',
      color: 'white',
      can: true,
      rule: 'K+N can mate K+R (the rook can block its own king in)',
    },
    { fen: '4k3/8/8/8/8/8/8/NN2K3 w - - 0 1', color: 'white', can: true, rule: 'two knights can (by help-mate)' },
    { fen: '4k3/8/8/8/8/8/8/2B1K3 w - - 0 1', color: 'white', can: false, rule: 'K+B cannot mate a bare king' },
    {
      fen: '4k3/8/8/8/8/8/8/2B1KB2 w - - 0 1',
      color: 'white',
      can: true,
      rule: 'bishops on both colours can',
    },
    {
      fen: '4k3/8/8/8/8/8/b7/2B1K3 w - - 0 1',
      color: 'white',
      can: true,
      rule: 'K+B can mate K+B when the bishops stand on opposite colours (c1 dark, a2 light)',
    },
    {
      fen: '4k3/8/8/8/8/8/1b6/2B1K3 w - - 0 1',
      color: 'white',
      can: false,
      rule: 'K+B cannot mate K+B on the same colour (c1 and b2 both dark)',
    },
    { fen: '4k3/4p3/8/8/8/8/8/2B1K3 w - - 0 1', color: 'white', can: true, rule: 'K+B can mate K+P (the pawn blocks)' },
    { fen: '3nk3/8/8/8/8/8/8/2B1K3 w - - 0 1', color: 'white', can: true, rule: 'K+B can mate K+N' },
  ] as const)('$rule', ({ fen, color, can }) => {
    expect(hasMatingMaterial(fen, color)).toBe(can);
  });
});
