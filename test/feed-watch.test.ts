/**
 * The typed client's `watch()`: the live feed first, reconnection after a dropped connection, long polling
 * behind a proxy that does not pass WebSockets, and the endings (finished game, abort, unknown game).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createConnection, createServer as createTcpServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { activeGame, call, startLiveServer, until, type LiveServer } from './fixtures/live-server.js';

// One server for the file (each test plays its own game): building an app costs more than the tests.
let server: LiveServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Iterate a watch in the background, recording every state. */
function record(iterator: AsyncGenerator<GameState>) {
  const states: GameState[] = [];
  const done = (async () => {
    for await (const state of iterator) states.push(state);
  })();
  return { states, done };
}

function expectStrictlyIncreasing(states: GameState[]) {
  const versions = states.map((state) => state.version);
  versions.slice(1).forEach((version, index) => {
    expect(version).toBeGreaterThan(versions[index]!);
  });
}

/** Play `moves` (UCI) alternately from the current position, each with its ply. */
async function play(
  url: string,
  gameId: string,
  tokens: { white: string; black: string },
  moves: string[],
  fromPly = 0,
) {
  for (const [index, move] of moves.entries()) {
    const token = (fromPly + index) % 2 === 0 ? tokens.white : tokens.black;
    const answer = await call(url, 'POST', `/api/games/${gameId}/move`, { move, ply: fromPly + index }, token);
    expect(answer.status).toBe(200);
  }
}

describe('RookeryClient.watch', () => {
  it('follows the live feed in version order and ends with the finished state', async () => {
    const { gameId, white, black } = await activeGame(server.url);
    const client = new RookeryClient({ baseUrl: server.url });
    const watched = record(client.watch(gameId));
    await until(() => watched.states.length === 1, 'the current state');
    await play(server.url, gameId, { white: white.token, black: black.token }, ['f2f3', 'e7e5', 'g2g4', 'd8h4']);
    await watched.done;
    expectStrictlyIncreasing(watched.states);
    const last = watched.states.at(-1)!;
    expect(last).toMatchObject({ status: 'finished', termination: 'checkmate', winner: 'black' });
    // Straight from the feed, nothing is skipped.
    expect(watched.states.map((state) => state.version)).toEqual([2, 3, 4, 5, 6]);
  });

  it('reconnects after the connection drops and never repeats a version', async () => {
    const { gameId, white, black } = await activeGame(server.url);
    // A TCP relay whose connections the test can cut, as a flaky network would.
    const target = new URL(server.url);
    const relayed: Socket[] = [];
    const relay = createTcpServer((inbound) => {
      const outbound = createConnection(Number(target.port), target.hostname);
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
      relayed.push(inbound, outbound);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => relay.close());
    const port = (relay.address() as { port: number }).port;

    const client = new RookeryClient({ baseUrl: `http://127.0.0.1:${port}` });
    const watched = record(client.watch(gameId));
    await until(() => watched.states.length === 1, 'the current state');
    const tokens = { white: white.token, black: black.token };
    await play(server.url, gameId, tokens, ['e2e4', 'e7e5']);
    await until(() => watched.states.at(-1)?.uci.length === 2, 'two moves');
    for (const socket of relayed.splice(0)) socket.destroy();
    await play(server.url, gameId, tokens, ['g1f3'], 2);
    await until(() => watched.states.at(-1)?.uci.length === 3, 'the move made while disconnected');
    await call(server.url, 'POST', `/api/games/${gameId}/resign`, undefined, black.token);
    await watched.done;
    expectStrictlyIncreasing(watched.states);
    expect(watched.states.at(-1)).toMatchObject({ status: 'finished', termination: 'resignation' });
  });

  it('falls back to long polling behind a proxy that does not pass WebSockets', async () => {
    const { gameId, white, black } = await activeGame(server.url);
    const upstream = server.url;
    const seen: string[] = [];
    // An HTTP-only proxy: upgrade requests are forwarded as plain GETs, as many proxies do.
    const proxy: Server = createHttpServer(async (request, response) => {
      seen.push(`${request.headers.upgrade ? 'UPGRADE ' : ''}${request.method} ${request.url}`);
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization', 'if-none-match', 'accept']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(`${upstream}${request.url}`, {
        method: request.method!,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => proxy.close());
    const port = (proxy.address() as { port: number }).port;

    const client = new RookeryClient({ baseUrl: `http://127.0.0.1:${port}` });
    const watched = record(client.watch(gameId, { pollWaitSeconds: 5 }));
    await until(() => watched.states.length === 1, 'the current state by polling');
    await play(server.url, gameId, { white: white.token, black: black.token }, ['e2e4', 'e7e5']);
    await until(() => watched.states.at(-1)?.uci.length === 2, 'both moves by long polling');
    await call(server.url, 'POST', `/api/games/${gameId}/resign`, undefined, white.token);
    await watched.done;
    expectStrictlyIncreasing(watched.states);
    expect(watched.states.at(-1)).toMatchObject({ status: 'finished', winner: 'black' });
    expect(seen[0]).toBe(`UPGRADE GET /api/games/${gameId}/events`);
    expect(seen.some((line) => /\/status\?since=\d+&wait=5$/u.test(line))).toBe(true);
  });

  it('ends quietly when its signal aborts', async () => {
    const { gameId } = await activeGame(server.url);
    const client = new RookeryClient({ baseUrl: server.url });
    const stop = new AbortController();
    const watched = record(client.watch(gameId, { signal: stop.signal }));
    await until(() => watched.states.length === 1, 'the current state');
    stop.abort();
    await watched.done;
    await until(() => server.app.games.bus.listenerCount(gameId) === 0, 'the feed connection to close');
  });

  it('throws game_not_found for an unknown game', async () => {
    const client = new RookeryClient({ baseUrl: server.url });
    const watched = record(client.watch('NoSuchGame1'));
    const error = await watched.done.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('game_not_found');
  });
});
