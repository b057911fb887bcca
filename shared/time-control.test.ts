import { describe, expect, it } from 'vitest';
import {
  clockAfter,
  correspondence,
  formatClock,
  formatTimeControl,
  parsePgnTimeControl,
  parseTimeControl,
  pgnTimeControl,
  realtime,
  TIME_CONTROL_PRESETS,
} from './time-control.js';

describe('time control labels', () => {
  it.each([
    ['5+3', realtime(300, 3)],
    ['0.5+0', realtime(30, 0)],
    ['1/2+0', realtime(30, 0)],
    ['0.25 + 2', realtime(15, 2)],
    ['20s+1', realtime(20, 1)],
    ['180+0', realtime(10_800, 0)],
    ['3d', correspondence(3)],
    ['14 days', correspondence(14)],
    ['untimed', null],
    ['-', null],
  ])('reads %s', (text, expected) => {
    expect(parseTimeControl(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['5+', '+3', '181+0', '0+0', '0s+1', '5+181', '15d', '0d', '0.3333+0', 'blitz', ''])('refuses %j', (text) => {
    const parsed = parseTimeControl(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.code).toBe('invalid_request');
  });

  it('writes labels that read back, for every preset and for odd initial times', () => {
    for (const control of [...TIME_CONTROL_PRESETS, realtime(4, 0), realtime(20, 1), realtime(45, 0), realtime(1, 0)]) {
      expect(parseTimeControl(formatTimeControl(control))).toEqual({ ok: true, value: control });
      expect(parsePgnTimeControl(pgnTimeControl(control))).toEqual(control);
    }
    expect(formatTimeControl(realtime(4, 0))).toBe('4s+0');
    expect(formatTimeControl(realtime(30, 0))).toBe('0.5+0');
  });

  it('writes the PGN TimeControl values of PGN 9.6 and API.md', () => {
    expect(pgnTimeControl(realtime(300, 3))).toBe('300+3');
    expect(pgnTimeControl(correspondence(3))).toBe('1/259200');
    expect(pgnTimeControl(null)).toBe('-');
  });
});

describe('clocks on the client side', () => {
  it('counts only the running side down, never below zero', () => {
    const clock = { whiteMs: 5000, blackMs: 9000, running: 'black' as const, deadline: null };
    expect(clockAfter(clock, 1500)).toEqual({ ...clock, blackMs: 7500 });
    expect(clockAfter(clock, 60_000).blackMs).toBe(0);
    expect(clockAfter({ ...clock, running: null }, 1500)).toEqual({ ...clock, running: null });
  });

  it.each([
    [3_723_000, '1:02:03'],
    [297_140, '4:57'],
    [10_000, '0:10'],
    [9_870, '9.8'],
    [0, '0.0'],
    [-5, '0.0'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 04h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});
