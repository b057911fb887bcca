/**
 * Hostile load, from another process than the server (the compiled server/main.ts as a child, default limits, a
 * real SQLite file), loopback only and bounded in time: 2,000 slow connections (headers a byte at a time, from 20
 * loopback addresses, 100 each) and a WebSocket message flood run while a player on 127.0.0.1 polls a game's status
 * and plays moves. The player's polls keep answering; the attackers get the documented refusals; nothing is lost.
 * `ROOKERY_TEST_FIGURES=1` prints the figures that docs/operations.md quotes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { compiled } from './support/compiled.js';

const MAIN = compiled('server/main.ts');
const folder = mkdtempSync(join(tmpdir(), 'rookery-hostile-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});
const figure = (text: string) => process.env['ROOKERY_TEST_FIGURES'] && console.log(`[hostile-load] ${text}`);

async function launch(): Promise<{ base: string; port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--log-level', 'warn', '--data', join(folder, 'g.db')], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stderr!.resume();
  const base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /API under (http:\/\/\S+)\/api/u.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { base, port: Number(new URL(base).port), child };
}

async function json<T>(base: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** p50 and p99 of `count` status polls, one after another, in ms; every one must be 200 or 304. */
async function polls(base: string, gameId: string, count: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/games/${gameId}/status`);
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(count * 0.5)]!, p99: times[Math.floor(count * 0.99)]! };
}

describe('hostile load from another process', () => {
  it('2,000 slow connections and a message flood: the player is served, the attackers refused, nothing lost', async () => {
    const { base, port } = await launch();
    const game = await json<GameState>(base, '/api/games', {});
    const white = await json<JoinResult>(base, `/api/games/${game.id}/join`, { name: 'white', color: 'white' });
    const black = await json<JoinResult>(base, `/api/games/${game.id}/join`, { name: 'black', color: 'black' });
    await json(base, `/api/games/${game.id}/move`, { move: 'e4', ply: 0 }, white.token);
    const quiet = await polls(base, game.id, 200);

    // The attack: slow connections from 127.0.0.2..127.0.0.21, 100 each, dripping a header byte every 2 s.
    const slow: Socket[] = [];
    const outcomes = { answered408: 0, answered503: 0, closed: 0 };
    for (let host = 2; host <= 21; host++) {
      for (let i = 0; i < 100; i++) {
        const socket = createConnection({ host: '127.0.0.1', port, localAddress: `127.0.0.${host}` });
        socket.on('error', () => {});
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => {
          outcomes.closed += 1;
          if (text.startsWith('HTTP/1.1 408')) outcomes.answered408 += 1;
          if (text.startsWith('HTTP/1.1 503')) outcomes.answered503 += 1;
        });
        socket.write('GET /api/games HTTP/1.1\r\nHost: x\r\n');
        slow.push(socket);
      }
    }
    const drip = setInterval(() => {
      for (const socket of slow) if (socket.writable) socket.write('X');
    }, 2000);
    // The flood: ten sockets sending as fast as they can.
    const floodCodes: number[] = [];
    const flooders = Array.from({ length: 10 }, () => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/api/games/${game.id}/events`);
      socket.on('error', () => {});
      socket.on('open', () => {
        const blast = () => {
          for (let i = 0; i < 100 && socket.readyState === WebSocket.OPEN; i++) socket.send('flood');
          if (socket.readyState === WebSocket.OPEN) setImmediate(blast);
        };
        blast();
      });
      socket.on('close', (code) => floodCodes.push(code));
      return socket;
    });

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const attacked = await polls(base, game.id, 200);
    // Moves still go through, and each acknowledged one is kept.
    const moved = await json<GameState>(base, `/api/games/${game.id}/move`, { move: 'e5', ply: 1 }, black.token);
    expect(moved.moves).toEqual(['e4', 'e5']);

    // The slow connections are cut within the header timeout (10 s) plus the check interval.
    const deadline = Date.now() + 20_000;
    while (outcomes.closed < slow.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    clearInterval(drip);
    for (const socket of flooders) socket.terminate();
    for (const socket of slow) socket.destroy();

    figure(
      `status poll p50/p99: quiet ${quiet.p50.toFixed(1)}/${quiet.p99.toFixed(1)} ms, under attack ${attacked.p50.toFixed(1)}/${attacked.p99.toFixed(1)} ms`,
    );
    figure(
      `slow connections: ${outcomes.closed} of ${slow.length} closed, ${outcomes.answered408} answered 408, ${outcomes.answered503} answered 503`,
    );
    figure(`flood sockets closed with: ${floodCodes.join(', ')}`);
    expect(outcomes.closed).toBe(slow.length);
    expect(outcomes.answered408).toBeGreaterThan(1500);
    expect(floodCodes.filter((code) => code === 4029).length).toBe(10);
    // Generous bounds for a shared two-core machine: the point is "still answering", not a speed.
    expect(attacked.p99).toBeLessThan(Math.max(250, quiet.p99 * 20));
    const final = await json<GameState>(base, `/api/games/${game.id}/status`);
    expect(final.moves).toEqual(['e4', 'e5']);
  }, 60_000);
});
