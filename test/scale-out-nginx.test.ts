/**
 * docs/scale-out.md's example, run as written: Debian's nginx on docs/scale-out/nginx.conf in front of three
 * compiled Rookery processes that share one real redis-server (AOF, appendfsync always, as the doc says). The
 * test changes only the ports in the config (the three upstreams and the listen port) and runs nginx with its
 * prefix (`-p`) in a temp dir, where the config's relative pid, log and temp paths land; then it plays a whole
 * game through nginx alone: moves, a long poll, a WebSocket feed, health and readiness, a process killed under
 * it, and nginx's per-client creation limit.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Chess } from 'chess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { Accounts } from '../server/accounts/accounts.js';
import { RedisAccountStore } from '../server/accounts/redis-account-store.js';
import { connectRedis } from '../server/store/redis-connection.js';
import { ROOT } from './support/compiled.js';
import { type RunningNginx, startNginx } from './support/nginx.js';
import { freePort, type RedisServer, startRedisServer } from './support/redis-server.js';
import { type RookeryProcess, startRookery } from './support/rookery-process.js';

const EXAMPLE = join(ROOT, 'docs/scale-out/nginx.conf');
/** The example's ports, as docs/scale-out.md starts the processes and nginx. */
const EXAMPLE_UPSTREAMS = ['127.0.0.1:8081', '127.0.0.1:8082', '127.0.0.1:8083'];
const EXAMPLE_LISTEN = 'listen 8080;';

let redis: RedisServer;
let processes: RookeryProcess[] = [];
let nginx: RunningNginx;
let base: string;

/**
 * The example with the ports of this run: every substitution must match as often as the example has that address
 * (the listen port once; each process twice, in the main upstream and in the lichess one), or the test says so.
 */
function exampleWithPorts(upstreamPorts: number[], listenPort: number): string {
  let config = readFileSync(EXAMPLE, 'utf8');
  const swap = (from: string, to: string, times = 1) => {
    const count = config.split(from).length - 1;
    if (count !== times) {
      throw new Error(`docs/scale-out/nginx.conf: expected "${from}" ${times} time(s), found it ${count} times`);
    }
    config = config.replaceAll(from, to);
  };
  for (const [index, address] of EXAMPLE_UPSTREAMS.entries()) swap(address, `127.0.0.1:${upstreamPorts[index]}`, 2);
  swap(EXAMPLE_LISTEN, `listen 127.0.0.1:${listenPort};`);
  return config;
}

beforeAll(async () => {
  redis = await startRedisServer({ appendfsync: 'always' });
  // As the doc runs them behind nginx: nginx caps per client, so the per-address caps are off.
  processes = await Promise.all(
    [0, 1, 2].map(() =>
      startRookery({ redisUrl: redis.url, args: ['--trust-proxy', '127.0.0.1', '--log-level', 'warn'] }),
    ),
  );
  const port = await freePort();
  nginx = await startNginx(
    exampleWithPorts(
      processes.map((process) => process.port),
      port,
    ),
    port,
  );
  base = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(processes.map((process) => process.kill()));
  await redis?.stop();
});

async function call<T = GameState>(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

/** The upstream each proxied request went to, from the example's access log format. */
function upstreamsInLog(): Set<string> {
  return new Set([...nginx.accessLog().matchAll(/upstream=(127\.0\.0\.1:\d+)/gu)].map((match) => match[1]!));
}

/** A WebSocket feed through nginx that collects every state it receives. */
function openFeed(gameId: string): Promise<{ states: GameState[]; socket: WebSocket }> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/games/${gameId}/events`);
  const states: GameState[] = [];
  socket.on('message', (data) => states.push(JSON.parse(String(data)) as GameState));
  return new Promise((done, failed) => {
    socket.once('open', () => done({ states, socket }));
    socket.once('error', failed);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('the nginx example of docs/scale-out.md', () => {
  it('answers health and readiness through nginx', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('plays a whole game through nginx: moves, a long poll and a WebSocket feed, served by every process', async () => {
    const white = await call<JoinResult>('POST', '/api/join', { name: 'alice' });
    expect(white.status).toBe(201);
    const gameId = white.body.gameId;
    const black = await call<JoinResult>('POST', `/api/games/${gameId}/join`, { name: 'bob' });
    expect(black.status).toBe(201);
    const feed = await openFeed(gameId);
    await until(() => feed.states.length >= 1, 'the first feed message');

    // A long poll held by black through nginx while white moves: it answers as soon as the move lands, whichever
    // process held it and whichever took the move.
    const version = black.body.game.version;
    const started = Date.now();
    const poll = call('GET', `/api/games/${gameId}/status?since=${version}&wait=30`);
    await new Promise((done) => setTimeout(done, 300));
    const moved = await call('POST', `/api/games/${gameId}/move`, { move: 'e4', ply: 0 }, white.body.token);
    expect(moved.status).toBe(200);
    const polled = await poll;
    const heldMs = Date.now() - started;
    expect(polled.status).toBe(200);
    expect(polled.body.uci).toEqual(['e2e4']);
    expect(heldMs).toBeLessThan(25_000);

    const moves = ['e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6', 'Qxf7#'];
    const chess = new Chess();
    chess.move('e4');
    const tokens = { white: white.body.token, black: black.body.token };
    let last = moved.body;
    for (const move of moves) {
      const mover = chess.turn() === 'w' ? 'white' : 'black';
      const answer = await call(
        'POST',
        `/api/games/${gameId}/move`,
        { move, ply: chess.history().length },
        tokens[mover],
      );
      expect(answer.status).toBe(200);
      chess.move(move);
      last = answer.body;
    }
    expect(last).toMatchObject({ status: 'finished', result: '1-0', termination: 'checkmate', fen: chess.fen() });

    // The feed saw every version in order, from the one it started at to the mate.
    await until(() => feed.states.at(-1)?.version === last.version, 'the feed to reach the mate');
    const versions = feed.states.map((state) => state.version);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => versions[0]! + index));
    expect(feed.states.at(-1)).toMatchObject({ status: 'finished', fen: chess.fen() });
    feed.socket.close();

    const pgn = await fetch(`${base}/api/games/${gameId}/pgn`).then((response) => response.text());
    expect(pgn).toMatch(/1\. e4 e5 2\. Bc4 Nc6 3\. Qh5 Nf6 4\. Qxf7#.* 1-0/u);
    // nginx passed the Host with its port: the game's Site is the address the players used.
    expect(pgn).toContain(`[Site "${base}"]`);
    // No sticky sessions: nginx spread this game's requests over all three processes.
    expect(upstreamsInLog()).toEqual(new Set(processes.map((process) => `127.0.0.1:${process.port}`)));
    console.log(`nginx example: long poll answered after ${heldMs} ms; ${versions.length} feed versions in order`);
  });

  it('keeps serving when a process is killed under it, and takes it back once it is restarted', async () => {
    const white = await call<JoinResult>('POST', '/api/join', { name: 'carol' });
    const gameId = white.body.gameId;
    const black = await call<JoinResult>('POST', `/api/games/${gameId}/join`, { name: 'dave' });
    await processes[1]!.kill();
    const moves = ['d4', 'd5', 'c4', 'e6', 'Nc3', 'Nf6', 'Bg5', 'Be7'];
    const statuses: number[] = [];
    for (const [ply, move] of moves.entries()) {
      const token = ply % 2 === 0 ? white.body.token : black.body.token;
      statuses.push((await call('POST', `/api/games/${gameId}/move`, { move, ply }, token)).status);
      statuses.push((await call('GET', `/api/games/${gameId}/status`)).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    await processes[1]!.restart();
    const state = await fetch(`${processes[1]!.base}/api/games/${gameId}/status`).then(
      (response) => response.json() as Promise<GameState>,
    );
    expect(state.moves).toEqual(moves);
  });

  it("routes the lichess Bot API to one process, so a bot's event stream hears every challenge made through nginx", async () => {
    // A bot account in the deployment's Redis, as `npm run account -- create NginxBot --bot --redis URL` makes it.
    const connections = await connectRedis(redis.url);
    const made = await new Accounts(new RedisAccountStore(connections.client, 'rookery:')).create('NginxBot', {
      bot: true,
    });
    await connections.close();
    if (!made.ok) throw new Error(made.message);
    const events: { type: string; challenge?: { id: string } }[] = [];
    const stream = httpRequest(`${base}/api/stream/event`, {
      headers: { authorization: `Bearer ${made.value.token}` },
      localAddress: '127.0.0.3',
    });
    const opened = new Promise<void>((done) => stream.once('response', () => done()));
    stream.on('response', (response) => {
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
          const line = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 1);
          if (line) events.push(JSON.parse(line));
        }
      });
    });
    stream.end();
    try {
      await opened;
      const ids: string[] = [];
      // Several challenges, each through nginx, which spreads other requests over the three processes.
      for (let index = 0; index < 6; index++) {
        const challenged = await call<{ id: string }>('POST', '/api/games/challenge', {
          bot: 'NginxBot',
          name: `guest${index}`,
        });
        expect(challenged.status, JSON.stringify(challenged.body)).toBe(201);
        ids.push(challenged.body.id);
      }
      await until(
        () => ids.every((id) => events.some((event) => event.type === 'challenge' && event.challenge?.id === id)),
        'every challenge on the bot event stream',
      );
    } finally {
      stream.destroy();
    }
  });

  it("limits new games per client, in nginx and in the processes (which see each client's address), in the API's error shape", async () => {
    // Two clients: 127.0.0.1 and 127.0.0.2 (both loopback), as nginx sees them.
    const create = (localAddress: string) =>
      new Promise<{ status: number; retryAfter: string | undefined; body: string }>((done, failed) => {
        const sent = httpRequest(
          `${base}/api/games`,
          { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () =>
              done({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }),
            );
          },
        );
        sent.once('error', failed);
        sent.end('{}');
      });
    const answers = [];
    for (let index = 0; index < 20; index++) answers.push(await create('127.0.0.1'));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(0);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(JSON.parse(answer.body)).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    }
    // nginx's own burst limit answers with Retry-After: 1 ...
    expect(refused.some((answer) => answer.retryAfter === '1' && /retry/u.test(answer.body))).toBe(true);
    // ... and the processes, told the client's address by X-Forwarded-For (--trust-proxy), cap its waiting games
    // (10, counted in Redis across the three).
    const capped = refused.filter((answer) => /games waiting/u.test(answer.body));
    expect(capped.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    // Another client is not held back by the first one's burst.
    expect((await create('127.0.0.2')).status).toBe(201);
    console.log(
      `nginx creation limit: ${statuses.filter((status) => status === 201).length} of 20 rapid creations let through`,
    );
  });
});
