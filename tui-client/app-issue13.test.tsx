/**
 * Issue 13, terminal items 2, 3, 6, 7 and 8, on the App against a real server (in this process, on an ephemeral
 * port), driven by keys through ink-testing-library: aborting a waiting game, q that never eats a move,
 * promotion by chooser, a declined draw reported and stale notices gone, and a whole game played with the cursor
 * alone (arrows and Enter), followed by the PGN, stepping back and a rematch.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { RookeryClient } from '../shared/api-client.js';
import { App } from './app.js';
import { SeatStore } from './seat-store.js';

let app: FastifyInstance;
let server: string;
let home: string;

beforeAll(async () => {
  app = await buildApp();
  server = await app.listen({ host: '127.0.0.1', port: 0 });
  home = mkdtempSync(join(tmpdir(), 'rookery-tui-13-'));
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

const KEYS = { up: '\u001b[A', down: '\u001b[B', right: '\u001b[C', left: '\u001b[D', enter: '\r', esc: '\u001b' };

/** Keys one by one, each after the frame has settled, as a player types them. */
async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await new Promise((done) => setTimeout(done, 30));
  }
}

function mount(name: string, gameId: string | null, color: 'white' | 'black' | null = null) {
  const client = new RookeryClient({ baseUrl: server });
  const seats = new SeatStore(join(home, `${name}-seats.json`));
  const request = { server, name, gameId, color, forceNew: true };
  const view = render(
    <App
      client={client}
      pollClient={client}
      seats={seats}
      request={request}
      intervalMs={100}
      ascii={true}
      pgnDirectory={home}
      size={{ columns: 80, rows: 24 }}
    />,
  );
  return { ...view, client, seats };
}

describe('App, issue 13', () => {
  it('item 2: aborts a waiting game (x, then y), which resigning could not', async () => {
    const { lastFrame, stdin, unmount, client } = mount('ann', null);
    try {
      const waiting = await until(lastFrame, /Waiting for an opponent to join game (\S+)… .*x aborts it/u);
      const gameId = /join game (\S+)…/u.exec(waiting)![1]!;
      expect(waiting).toMatch(/ x {2}abort/u);
      stdin.write('x');
      await until(lastFrame, /Abort this game\? Press y to abort/u);
      stdin.write('y');
      const over = await until(lastFrame, /GAME OVER/u);
      expect(over).toMatch(/Game aborted/u);
      expect(await client.state(gameId)).toMatchObject({ status: 'finished', termination: 'aborted' });
    } finally {
      unmount();
    }
  });

  it('item 3: q typed key by key begins a queen move, and never quits on its own', async () => {
    const white = mount('quinn', null);
    try {
      const waiting = await until(white.lastFrame, /join game (\S+)…/u);
      const gameId = /join game (\S+)…/u.exec(waiting)![1]!;
      const bob = await white.client.join(gameId, 'bob');
      await until(white.lastFrame, /Your move/u);
      await press(white.stdin, 'e', '4', KEYS.enter);
      await until(white.lastFrame, /1\. e4/u);
      await white.client.move(gameId, bob.token, 'e5', 1);
      await until(white.lastFrame, /1\. e4\s+e5/u);
      await press(white.stdin, 'q');
      const asked = await until(white.lastFrame, /Move › q/u);
      expect(asked).toContain('Enter quits (your seat is kept), or go on typing a queen move.');
      await press(white.stdin, 'h', '5', KEYS.enter);
      await until(white.lastFrame, /2\. Qh5/u);
      expect((await white.client.state(gameId)).moves).toEqual(['e4', 'e5', 'Qh5']);
    } finally {
      white.unmount();
    }
  });

  it('item 6: a move to the last rank without a piece asks which piece, queen first', async () => {
    const client = new RookeryClient({ baseUrl: server });
    const created = await client.createGame('8/P6P/8/8/8/2k5/8/K7 w - - 0 1');
    const white = mount('paula', created.id, 'white');
    try {
      const black = await client.join(created.id, 'bob', 'black');
      await until(white.lastFrame, /Your move/u);
      // e8q-style text completes instead of "No legal move starts like that".
      await press(white.stdin, 'a', '8', 'q');
      await until(white.lastFrame, /Tab: a8=Q/u);
      await press(white.stdin, KEYS.esc, 'a', '8');
      await until(white.lastFrame, /Tab: a8=Q a8=R a8=B a8=N/u);
      await press(white.stdin, KEYS.enter);
      await until(white.lastFrame, /Promote on a8 to: q queen, r rook, b bishop, n knight/u);
      await press(white.stdin, 'n');
      await until(white.lastFrame, /1\. a8=N/u);
      await client.move(created.id, black.token, 'Kc2', 1);
      await until(white.lastFrame, /Your move/u);
      // Squares without the piece (e7e8 style) ask too; Enter takes the queen.
      await press(white.stdin, 'h', '7', 'h', '8', KEYS.enter);
      await until(white.lastFrame, /Promote on h8 to:/u);
      await press(white.stdin, KEYS.enter);
      await until(white.lastFrame, /2\. h8=Q/u);
      expect((await client.state(created.id)).moves.slice(0, 3)).toEqual(['a8=N', 'Kc2', 'h8=Q']);
    } finally {
      white.unmount();
    }
  });

  it('item 7: the opening notice goes once the game moves on, and a declined draw offer is reported', async () => {
    const white = mount('dora', null);
    try {
      const waiting = await until(white.lastFrame, /New game opened: waiting for an opponent\./u);
      const gameId = /join game (\S+)…/u.exec(waiting)![1]!;
      const bob = await white.client.join(gameId, 'bob');
      const started = await until(white.lastFrame, /▶ Your move/u);
      expect(started).not.toContain('New game opened');
      await press(white.stdin, 'e', '4', KEYS.enter);
      await until(white.lastFrame, /1\. e4/u);
      await press(white.stdin, '=');
      await until(white.lastFrame, /Draw offered\./u);
      await white.client.draw(gameId, bob.token, 'decline');
      await until(white.lastFrame, /✓ bob declined your draw offer\./u);
      await press(white.stdin, '=');
      await until(white.lastFrame, /✓ Draw offered\./u);
      await white.client.move(gameId, bob.token, 'e5', 1);
      await until(white.lastFrame, /✓ bob played on: your draw offer lapsed\./u);
    } finally {
      white.unmount();
    }
  });

  it('item 8: a whole game with the cursor alone, then the PGN, stepping back and a rematch', async () => {
    const client = new RookeryClient({ baseUrl: server });
    const created = await client.createGame();
    const white = await client.join(created.id, 'walt', 'white');
    const black = mount('cora', created.id, 'black');
    const { lastFrame, stdin } = black;
    try {
      await until(lastFrame, /Waiting for walt/u);
      await client.move(created.id, white.token, 'f3', 0);
      await until(lastFrame, /▶ Your move/u);
      // The first arrow shows the cursor on e7; Enter picks the pawn up and marks its targets.
      await press(stdin, KEYS.up);
      await until(lastFrame, /^7 .*p◂.* 7/mu);
      await press(stdin, KEYS.enter);
      const picked = await until(lastFrame, /^6 .*•.* 6/mu);
      expect(picked).toMatch(/^5 .*•.* 5/mu);
      // Black's view: up on screen is towards rank 1.
      await press(stdin, KEYS.up, KEYS.up, KEYS.enter);
      await until(lastFrame, /1\. f3\s+e5/u);
      await client.move(created.id, white.token, 'g4', 2);
      await until(lastFrame, /2\. g4/u);
      // From e5 to d8 (down three, right one on black's screen), pick up the queen, then to h4.
      await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.right, KEYS.enter);
      await until(lastFrame, /^4 .*•.* 4/mu);
      await press(stdin, KEYS.left, KEYS.left, KEYS.left, KEYS.left, KEYS.up, KEYS.up, KEYS.up, KEYS.up, KEYS.enter);
      const over = await until(lastFrame, /GAME OVER 0-1/u);
      expect(over).toContain('Checkmate — Black wins. You won!');
      expect((await client.state(created.id)).moves).toEqual(['f3', 'e5', 'g4', 'Qh4#']);

      // The PGN, saved with p.
      await press(stdin, 'p');
      await until(lastFrame, /PGN saved to/u);
      const pgn = readFileSync(join(home, `rookery-${created.id}.pgn`), 'utf8');
      expect(pgn).toContain('[Result "0-1"]');
      expect(pgn).toContain('1. f3 e5 2. g4 Qh4#');

      // Stepping back through the positions, and back to the game.
      await press(stdin, '[');
      await until(lastFrame, /Looking back: after 3 of 4 half-moves \(g4\)/u);
      await press(stdin, '[', '[');
      const early = await until(lastFrame, /Looking back: after 1 of 4 half-moves \(f3\)/u);
      expect(early).toMatch(/^7 p p p p p p p p {2}7/mu);
      await press(stdin, KEYS.esc);
      await until(lastFrame, /^(?![\s\S]*Looking back)[\s\S]*GAME OVER/u);

      // Rematch: cora asks with r, walt takes the seat kept for him.
      await press(stdin, 'r');
      const rematch = await until(lastFrame, /Rematch: a new game against the same opponent\./u);
      const rematchId = /game (\S+) · you play (white|black)/u.exec(rematch)![1]!;
      expect(rematchId).not.toBe(created.id);
      expect(rematch).toContain('you play white as cora');
      const walt = await fetch(`${server}/api/games/${created.id}/rematch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${white.token}` },
      });
      expect(walt.status).toBe(201);
      await until(lastFrame, /▶ Your move/u);
      expect(black.seats.find(server, rematchId)?.color).toBe('white');
    } finally {
      black.unmount();
    }
  });
});
