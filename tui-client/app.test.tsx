/**
 * The App against a real server (in this process, on an ephemeral port), driven by keys through
 * ink-testing-library: a refused move with its reason and "did you mean", Tab completion, hotkeys; a timed game
 * paired by time control, its clocks counting down on screen, and the flag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { RookeryClient } from '../shared/api-client.js';
import { realtime } from '../shared/time-control.js';
import { App } from './app.js';
import { SeatStore } from './seat-store.js';
import { openSession } from './session.js';

let app: FastifyInstance;
let server: string;
let home: string;

beforeAll(async () => {
  app = await buildApp();
  server = await app.listen({ host: '127.0.0.1', port: 0 });
  home = mkdtempSync(join(tmpdir(), 'rookery-tui-app-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(home, { recursive: true, force: true });
});

async function until(frame: () => string | undefined, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frame() ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('App', () => {
  it('refuses an illegal move with the reason and a suggestion, completes with Tab, and acts on hotkeys', async () => {
    const client = new RookeryClient({ baseUrl: server });
    const seats = new SeatStore(join(home, 'seats.json'));
    const request = { server, name: 'alice', gameId: null, color: null, forceNew: true };
    const { lastFrame, stdin, unmount } = render(
      <App
        client={client}
        pollClient={client}
        seats={seats}
        request={request}
        intervalMs={100}
        ascii={true}
        size={{ columns: 80, rows: 24 }}
      />,
    );
    try {
      const waiting = await until(lastFrame, /Waiting for an opponent to join game (\S+)…/u);
      const gameId = /join game (\S+)…/u.exec(waiting)![1]!;
      expect(seats.find(server, gameId)?.color).toBe('white');
      const bob = await client.join(gameId, 'bob');
      await until(lastFrame, /▶ Your move/u);

      stdin.write('N');
      await until(lastFrame, /Tab: (?=.*Nf3)(?=.*Nc3)/u);
      stdin.write('f4');
      await until(lastFrame, /Move › Nf4/u);
      stdin.write('\r');
      const refused = await until(lastFrame, /not a legal move/u);
      expect(refused).toContain('✗ "Nf4" is not a legal move for white in this position.');
      // The server's suggestion: the closest legal move by the piece that was named.
      expect(refused).toContain('? Did you mean Nf3? Tab puts it in the field.');
      expect((await client.state(gameId)).moves).toEqual([]);

      stdin.write('\t');
      await until(lastFrame, /Move › Nf3/u);
      // Esc clears the suggestion; the player goes for the pawn instead.
      stdin.write('\u001b');
      await until(lastFrame, /Move › (?!Nf3)/u);
      stdin.write('f4');
      await until(lastFrame, /Move › f4/u);
      stdin.write('\r');
      await until(lastFrame, /1\. f4/u);
      expect((await client.state(gameId)).moves).toEqual(['f4']);

      // The opponent's answer arrives by polling alone.
      await client.move(gameId, bob.token, 'd5', 1);
      await until(lastFrame, /1\. f4\s+d5/u);

      // A typed refusal is replaced by the next key; e2 e4 with a space is forgiven.
      stdin.write('e2 e4');
      await until(lastFrame, /Move › e2 e4/u);
      stdin.write('\r');
      await until(lastFrame, /2\. e4/u);

      // Hotkeys on an empty field: flip, help, resign question (declined), draw offer.
      await client.move(gameId, bob.token, 'dxe4', 3);
      await until(lastFrame, /2\. e4\s+dxe4/u);
      stdin.write('v');
      await until(lastFrame, /h g f e d c b a/u);
      stdin.write('?');
      await until(lastFrame, /Help — keys work while the move field is empty/u);
      stdin.write('\u001B');
      await until(lastFrame, /a b c d e f g h|h g f e d c b a/u);
      expect(lastFrame()).not.toContain('Help —');
      stdin.write('s');
      await until(lastFrame, /Resign this game\?/u);
      stdin.write('n');
      await until(lastFrame, /^(?![\s\S]*Resign this game)[\s\S]*Move › /u);
      stdin.write('=');
      await until(lastFrame, /✓ Draw offered\./u);
      const state = await client.state(gameId);
      expect(state.status).toBe('active');
      expect(state.drawOffer).toBe('white');
    } finally {
      unmount();
    }
  });

  it('pairs by time control, shows both clocks counting down, warns of low time and shows the flag', async () => {
    const client = new RookeryClient({ baseUrl: server });
    const seats = new SeatStore(join(home, 'timed-seats.json'));
    // 4 s each (under 10 s: LOW, in tenths, from the start), so that white flags within the test.
    const timeControl = realtime(4, 0);
    const request = { server, name: 'carol', gameId: null, color: null, forceNew: true, timeControl };
    const { lastFrame, stdin, unmount } = render(
      <App
        client={client}
        pollClient={client}
        seats={seats}
        request={request}
        intervalMs={100}
        ascii={true}
        size={{ columns: 80, rows: 24 }}
      />,
    );
    try {
      const waiting = await until(lastFrame, /Waiting for an opponent to join game (\S+)…/u);
      const gameId = /join game (\S+)…/u.exec(waiting)![1]!;
      expect((await client.state(gameId)).timeControl).toEqual(timeControl);
      // An untimed quick pairing does not sit opposite; one with the same time control does.
      const untimed = await client.quickJoin('erin');
      expect(untimed.gameId).not.toBe(gameId);
      const dave = await client.quickJoin('dave', undefined, timeControl);
      expect(dave.gameId).toBe(gameId);

      // First moves are not timed, but limited: both clocks stand still, the status counts the deadline down.
      const first = await until(lastFrame, /▶ Your move — first move within \d+ s, or the game is aborted/u);
      expect(first).toContain('you play white as carol · 4s+0');
      expect(first.match(/ LOW {4}4\.0$/gmu)).toHaveLength(2);
      stdin.write('e4\r');
      await until(lastFrame, /1\. e4/u);
      await client.move(gameId, dave.token, 'e5', 1);
      // From black's first move on, white's clock runs: bracketed, counting down locally between polls.
      const running = await until(lastFrame, /carol \(you\) +LOW \[ {2}3\.\d\]/u);
      expect(running).toMatch(/dave +LOW {4}4\.0$/mu);
      expect(running).toMatch(/⚠ Your move — your clock: 3\.\d, dave's clock: 4\.0 — low time/u);
      await until(lastFrame, /carol \(you\) +LOW \[ {2}[0-2]\.\d\]/u);
      // Nobody moves: the server flags white, and the screen says so.
      const flagged = await until(lastFrame, /⚑ FLAG/u, 10_000);
      expect(flagged).toContain('⚑ FLAG  GAME OVER 0-1  White ran out of time — Black wins. You lost.');
      expect(flagged).toMatch(/carol \(you\) +0\.0/u);
      const final = await client.state(gameId);
      expect(final).toMatchObject({ status: 'finished', termination: 'timeout', winner: 'black' });
    } finally {
      unmount();
    }
  });
});

describe('openSession with a time control', () => {
  it('opens and pairs by time control, and resumes a saved game only of the time control asked for', async () => {
    const client = new RookeryClient({ baseUrl: server });
    const seats = new SeatStore(join(home, 'session-seats.json'));
    const base = { server, name: 'gina', gameId: null, color: null, forceNew: false };
    const opened = await openSession(client, seats, { ...base, forceNew: true });
    expect(opened.ok && opened.value.state.timeControl).toBeNull();
    const untimedId = opened.ok ? opened.value.seat.gameId : '';

    // --clock 3d: the saved untimed game is not resumed (and stays saved); a correspondence game is opened.
    const days = { type: 'correspondence' as const, daysPerMove: 3 };
    const timed = await openSession(client, seats, { ...base, timeControl: days, clockChosen: true });
    expect(timed.ok && timed.value.origin).toBe('created');
    expect(timed.ok && timed.value.state.timeControl).toEqual(days);
    expect(seats.find(server, untimedId)).toBeDefined();
    // With --color, the lobby is searched by time control too: a new 3d game with a free black seat is found.
    const black = await openSession(client, seats, {
      ...base,
      name: 'hank',
      color: 'black',
      forceNew: true,
      timeControl: days,
    });
    expect(black.ok && black.value.seat.gameId).toBe(timed.ok && timed.value.seat.gameId);

    // Without --clock, the latest saved game is resumed whatever its time control.
    const resumed = await openSession(client, seats, base);
    expect(resumed.ok && resumed.value.origin).toBe('resumed');
    // --clock untimed resumes the untimed one.
    const untimed = await openSession(client, seats, { ...base, timeControl: null, clockChosen: true });
    expect(untimed.ok && [untimed.value.origin, untimed.value.seat.gameId]).toEqual(['resumed', untimedId]);
  });
});
