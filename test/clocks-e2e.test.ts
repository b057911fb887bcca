/**
 * Clocks kept by the real server (the compiled server/main.ts as a child process, real timers, a real SQLite
 * file): a side that stops moving is flagged by the server itself within the lag grace, seen by a long poll and a
 * WebSocket subscriber at once; and the same after a SIGKILL in the middle of a timed game, with the time the
 * server was down given back (all but what ran before the last heartbeat) and exactly one flag.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { compiled } from './support/compiled.js';

const MAIN = compiled('server/main.ts');
const folder = mkdtempSync(join(tmpdir(), 'rookery-clocks-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** The lag grace of server/domain/game-clock.ts, as docs/api.md states it. */
const GRACE_MS = 250;
/** Slack for a busy shared machine: timers, the writer thread's fsync, the answer's trip. */
const SLACK_MS = 1500;
/** `ROOKERY_TEST_FIGURES=1` prints the measured figures (for the note). */
const figure = (text: string) => process.env['ROOKERY_TEST_FIGURES'] && console.log(`[clocks-e2e] ${text}`);

interface Server {
  base: string;
  child: ChildProcess;
  exited: Promise<void>;
}

async function launch(dataPath: string): Promise<Server> {
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--log-level', 'warn', '--data', dataPath], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      children.delete(child);
      done();
    }),
  );
  const base = await new Promise<string>((done, failed) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /API under (http:\/\/\S+)\/api/u.exec(stdout);
      if (match) done(match[1]!);
    });
    void exited.then(() => failed(new Error(`server exited: ${stderr}`)));
  });
  return { base, child, exited };
}

async function call<T>(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A timed game with both seated and both first moves played: white's clock is running. */
async function runningGame(base: string, initialSeconds: number) {
  const timeControl = { type: 'realtime', initialSeconds, incrementSeconds: 0 };
  const created = await call<GameState>(base, 'POST', '/api/games', { timeControl });
  const id = created.body.id;
  const white = (await call<JoinResult>(base, 'POST', `/api/games/${id}/join`, { name: 'w', color: 'white' })).body;
  const black = (await call<JoinResult>(base, 'POST', `/api/games/${id}/join`, { name: 'b', color: 'black' })).body;
  await call(base, 'POST', `/api/games/${id}/move`, { move: 'e4', ply: 0 }, white.token);
  const moved = await call<GameState>(base, 'POST', `/api/games/${id}/move`, { move: 'e5', ply: 1 }, black.token);
  // White's clock has run since black's move was accepted (the answer leaves after the write).
  expect(moved.body.clock?.running).toBe('white');
  expect(moved.body.clock?.whiteMs).toBeLessThanOrEqual(initialSeconds * 1000);
  expect(moved.body.clock?.whiteMs).toBeGreaterThan(initialSeconds * 1000 - 1000);
  return { id, white, black, movedAt: Date.now(), state: moved.body };
}

/** Collect the feed's messages; resolves `finished` with the first finished state and the time it came. */
function subscribe(base: string, id: string) {
  const socket = new WebSocket(`${base.replace(/^http/u, 'ws')}/api/games/${id}/events`);
  const states: GameState[] = [];
  const opened = new Promise<void>((done) => socket.once('open', () => done()));
  const finished = new Promise<{ state: GameState; at: number }>((done) => {
    socket.on('message', (data) => {
      const state = JSON.parse(String(data)) as GameState;
      states.push(state);
      if (state.status === 'finished') done({ state, at: Date.now() });
    });
  });
  return { socket, states, opened, finished };
}

describe('the server flags by itself', () => {
  it('a side that stops moving loses on time within the grace; a long poll and a socket see it', async () => {
    const server = await launch(join(folder, 'flag.db'));
    const game = await runningGame(server.base, 3);
    const feed = subscribe(server.base, game.id);
    await feed.opened;
    const poll = fetch(`${server.base}/api/games/${game.id}/status?since=${game.state.version}&wait=30`).then(
      async (response) => ({ state: (await response.json()) as GameState, at: Date.now() }),
    );
    const [polled, fed] = await Promise.all([poll, feed.finished]);
    for (const seen of [polled, fed]) {
      expect(seen.state).toMatchObject({ status: 'finished', termination: 'timeout', result: '0-1', winner: 'black' });
      expect(seen.state.clock).toEqual({ whiteMs: 0, blackMs: 3000, running: null, deadline: null });
      const late = seen.at - game.movedAt;
      figure(`flag seen ${late} ms after black's move (3000 ms of clock, ${GRACE_MS} ms grace)`);
      expect(late).toBeGreaterThanOrEqual(3000);
      expect(late).toBeLessThanOrEqual(3000 + GRACE_MS + SLACK_MS);
    }
    // A move after the flag: 409 game_over carrying the finished game.
    const refused = await call<{ error: { code: string; game: GameState } }>(
      server.base,
      'POST',
      `/api/games/${game.id}/move`,
      { move: 'Nf3', ply: 2 },
      game.white.token,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'game_over', game: { termination: 'timeout' } });
    feed.socket.close();
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('after a SIGKILL mid-game: timers armed again, the time down not charged, exactly one flag', async () => {
    const dataPath = join(folder, 'crash.db');
    const first = await launch(dataPath);
    const game = await runningGame(first.base, 8);
    // White thinks 2 s, then the server dies.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const thoughtMs = killedAt - game.movedAt;
    await new Promise((resolve) => setTimeout(resolve, 4000));

    const second = await launch(dataPath);
    const resumed = (await call<GameState>(second.base, 'GET', `/api/games/${game.id}/status`)).body;
    expect(resumed.status).toBe('active');
    expect(resumed.clock?.running).toBe('white');
    // Charged: what white thought before the kill, less what ran after the last heartbeat (at most 1 s of it).
    // The 4 s down (and the restart) are given back.
    const whiteMs = resumed.clock!.whiteMs;
    figure(`white thought ${thoughtMs} ms before the kill, down 4000+ ms; after the restart white has ${whiteMs} ms`);
    expect(whiteMs).toBeLessThanOrEqual(8000 - thoughtMs + 1000 + 100);
    expect(whiteMs).toBeGreaterThanOrEqual(8000 - thoughtMs - SLACK_MS);

    const feed = subscribe(second.base, game.id);
    await feed.opened;
    const flagged = await feed.finished;
    expect(flagged.state).toMatchObject({ termination: 'timeout', winner: 'black' });
    // Flagged when the time left at the restart ran out (plus the grace), not earlier.
    const resumedAt = Date.parse(resumed.updatedAt);
    expect(flagged.at - resumedAt).toBeGreaterThanOrEqual(whiteMs - 200);
    figure(`flag ${flagged.at - resumedAt} ms after the restart's credit (white had ${whiteMs} ms)`);
    // Exactly one flag: one finished version, and nothing after it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const final = (await call<GameState>(second.base, 'GET', `/api/games/${game.id}/status`)).body;
    expect(final.version).toBe(flagged.state.version);
    expect(feed.states.filter((state) => state.status === 'finished')).toHaveLength(1);
    const pgn = await (await fetch(`${second.base}/api/games/${game.id}/pgn`)).text();
    expect(pgn).toContain('[TimeControl "8+0"]');
    expect(pgn).toContain('[Termination "time forfeit"]');
    feed.socket.close();
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
