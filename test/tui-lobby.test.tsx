/**
 * Issue 13, terminal item 8 (the lobby inside the TUI), on the client's root (tui-client/root.tsx) against a real
 * server in this process on an ephemeral port, driven by keys through ink-testing-library: the lobby lists
 * waiting and live games, pages with the cursor, joins a waiting game by Enter or by its number, watches a live
 * game whose moves then arrive by polling, offers to watch a game that turns out full, and is reached with `l`
 * after a game.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { RookeryClient } from '../shared/api-client.js';
import type { StartScreen } from '../tui-client/flags.js';
import { Root } from '../tui-client/root.js';
import { SeatStore } from '../tui-client/seat-store.js';

let app: FastifyInstance;
let server: string;
let home: string;
let api: RookeryClient;

beforeAll(async () => {
  app = await buildApp();
  server = await app.listen({ host: '127.0.0.1', port: 0 });
  home = mkdtempSync(join(tmpdir(), 'rookery-tui-lobby-'));
  api = new RookeryClient({ baseUrl: server });
});
afterAll(async () => {
  await app?.close();
  rmSync(home, { recursive: true, force: true });
});

async function until(frame: () => string | undefined, pattern: RegExp, timeoutMs = 8000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frame() ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const KEYS = { down: '\u001b[B', enter: '\r', tab: '\t' };

async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await new Promise((done) => setTimeout(done, 40));
  }
}

let mounted = 0;
function mount(name: string, start: StartScreen, size = { columns: 80, rows: 24 }, gameId: string | null = null) {
  const client = new RookeryClient({ baseUrl: server });
  const seats = new SeatStore(join(home, `${name}-${++mounted}-seats.json`));
  const request = { server, name, gameId, color: null, forceNew: true };
  return render(
    <Root
      client={client}
      pollClient={client}
      seats={seats}
      request={request}
      start={start}
      intervalMs={100}
      ascii={true}
      size={size}
    />,
  );
}

/** A game with alice seated as white, waiting for an opponent. */
async function waitingGame(): Promise<string> {
  const created = await api.createGame();
  await api.join(created.id, 'alice', 'white');
  return created.id;
}

describe('TUI lobby (root)', () => {
  it('lists a waiting game and joins it with Enter: the game starts with us as black', async () => {
    const id = await waitingGame();
    const { lastFrame, stdin, unmount } = mount('carol', { kind: 'lobby' });
    try {
      await until(lastFrame, /▶ {2}1\. alice +vs \(free\)/u);
      await press(stdin, KEYS.enter);
      const screen = await until(lastFrame, /you play black as carol/u);
      expect(screen).toContain(`game ${id}`);
      expect((await api.state(id)).status).toBe('active');
    } finally {
      unmount();
    }
  });

  it('pages through older games with ] and [, and joins the one whose number is typed', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) ids.push(await waitingGame());
    // 40×12 has six rows a page: the eight newest games are on pages 1 and 2.
    const { lastFrame, stdin, unmount } = mount('dora', { kind: 'lobby' }, { columns: 40, rows: 12 });
    try {
      await until(lastFrame, /6 waiting games · page 1, older on \]/u);
      await press(stdin, ']');
      const second = await until(lastFrame, /waiting games? · page 2/u);
      expect(second).toMatch(/1\. alice/u);
      await press(stdin, '[');
      await until(lastFrame, /6 waiting games · page 1/u);
      await press(stdin, '3');
      await until(lastFrame, /Number 3: Enter joins it\./u);
      await press(stdin, KEYS.enter);
      // Newest first: number 3 is the sixth game created.
      await until(lastFrame, /Joined the game\./u);
      expect((await api.state(ids[5]!)).players.black?.name).toBe('dora');
    } finally {
      unmount();
    }
  });

  it('watches a live game from the Live tab: read-only, and the moves arrive by polling', async () => {
    const created = await api.createGame();
    const white = await api.join(created.id, 'walt', 'white');
    const black = await api.join(created.id, 'bess', 'black');
    const { lastFrame, stdin, unmount } = mount('eve', { kind: 'lobby' });
    try {
      await until(lastFrame, /\[Waiting for a player\]/u);
      await press(stdin, KEYS.tab);
      await until(lastFrame, /▶ {2}1\. walt +vs bess +untimed +move 1, white/u);
      await press(stdin, KEYS.enter);
      const watching = await until(lastFrame, /Watching: walt \(white\) to move/u);
      expect(watching).toContain(`watching game ${created.id}`);
      expect(watching).not.toMatch(/Move ›/u);
      await api.move(created.id, white.token, 'e4', 0);
      await until(lastFrame, /1\. e4/u);
      await api.move(created.id, black.token, 'c5', 1);
      await until(lastFrame, /1\. e4 +c5/u);
      // Typing is not moving: a spectator's keys never reach the server.
      await press(stdin, 'N', 'f', '3', KEYS.enter);
      expect((await api.state(created.id)).moves).toEqual(['e4', 'c5']);
      await press(stdin, 'l');
      await until(lastFrame, /Rookery lobby/u);
    } finally {
      unmount();
    }
  });

  it('a game that turns out full offers to watch it, and w watches it', async () => {
    const created = await api.createGame();
    await api.join(created.id, 'fay', 'white');
    await api.join(created.id, 'gus', 'black');
    const { lastFrame, stdin, unmount } = mount('hal', { kind: 'play' }, { columns: 80, rows: 24 }, created.id);
    try {
      await until(lastFrame, new RegExp(`Game ${created.id} is full: watch it instead\\?`, 'u'));
      expect(lastFrame()).toMatch(/ w {2}watch it .* Esc {2}back/u);
      await press(stdin, 'w');
      await until(lastFrame, new RegExp(`watching game ${created.id}`, 'u'));
      await until(lastFrame, /Watching: fay \(white\) to move/u);
    } finally {
      unmount();
    }
  });

  it('l after the game opens the lobby', async () => {
    const created = await api.createGame();
    const { lastFrame, stdin, unmount } = mount('ivy', { kind: 'play' }, { columns: 80, rows: 24 }, created.id);
    try {
      await until(lastFrame, /Waiting for an opponent/u);
      const other = await api.join(created.id, 'jon', 'black');
      await api.resign(created.id, other.token);
      const over = await until(lastFrame, /GAME OVER 1-0/u);
      expect(over).toMatch(/ l {2}lobby /u);
      await press(stdin, 'l');
      await until(lastFrame, /Rookery lobby/u);
    } finally {
      unmount();
    }
  });

  it('--watch ID starts as a spectator', async () => {
    const created = await api.createGame();
    await api.join(created.id, 'kim', 'white');
    const { lastFrame, unmount } = mount('lee', { kind: 'watch', gameId: created.id });
    try {
      await until(lastFrame, /Watching: waiting for a player to join/u);
    } finally {
      unmount();
    }
  });
});
