import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/time-control.js';
import { ClockView } from './clock-view.js';

async function until(frame: () => string | undefined, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frame() ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${text}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('ClockView', () => {
  it('counts the running side down by itself between polls, into LOW and tenths', async () => {
    // 10.6 s left when the answer arrived: within a couple of seconds the figure passes under 10 s.
    const clock: Clock = { whiteMs: 10_600, blackMs: 60_000, running: 'white', deadline: null };
    const receivedAt = Date.now();
    const white = render(
      <ClockView clock={clock} receivedAt={receivedAt} color="white" finished={false} now={Date.now} />,
    );
    const black = render(
      <ClockView clock={clock} receivedAt={receivedAt} color="black" finished={false} now={Date.now} />,
    );
    try {
      expect(white.lastFrame()).toMatch(/^\[ 0:1\d\]$/u);
      const low = await until(white.lastFrame, /^LOW \[ {2}9\.\d\]$/u);
      // Tenths keep coming: a later figure is lower.
      const later = await until(white.lastFrame, /^LOW \[ {2}\d\.\d\]$/u);
      await until(white.lastFrame, new RegExp(`^(?!${later.replace(/[[\].]/gu, '\\$&')}$)`, 'u'));
      expect(Number(/\d\.\d/u.exec(white.lastFrame()!)![0])).toBeLessThan(Number(/\d\.\d/u.exec(low)![0]));
      // The waiting side's clock does not move.
      expect(black.lastFrame()).toBe('  1:00');
    } finally {
      white.unmount();
      black.unmount();
    }
  });

  it('stands still when no clock runs (before the first moves, after the end)', () => {
    const stopped: Clock = { whiteMs: 30_000, blackMs: 30_000, running: null, deadline: '2026-11-21T17:00:30.000Z' };
    const { lastFrame, unmount } = render(
      <ClockView clock={stopped} receivedAt={0} color="white" finished={false} now={Date.now} />,
    );
    expect(lastFrame()).toBe('  0:30');
    unmount();
  });
});
