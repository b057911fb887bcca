/**
 * The live feed (GET /api/games/{id}/events) against a real server on 127.0.0.1: order without gaps, fan-out
 * to players, slow consumers cut off with bounded memory, dead peers dropped, clean shutdown, refusals.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { makeRandom } from '../shared/seeded-random.js';
import type { GameState } from '../shared/api-schema.js';
import { FEED_CLOSE_CODES } from '../shared/live-feed.js';
import { activeGame, call, FeedClient, startLiveServer, until, type LiveServer } from './fixtures/live-server.js';

/** The server most tests share (each plays its own game); tests that need other options start their own. */
let shared: LiveServer;
let server: LiveServer | null = null;
const clients: FeedClient[] = [];

beforeAll(async () => {
  shared = await startLiveServer();
});
afterAll(() => shared.close());

function feed(url: string, options: WebSocket.ClientOptions = {}): FeedClient {
  const client = new FeedClient(url, options);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = null;
});

/** Each version from `first` to `last`, once, in order. */
function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

describe('live feed', () => {
  it('gives two subscribers every version in order without gaps during a fast game', async () => {
    const server = shared;
    const created = await call<GameState>(server.url, 'POST', '/api/games', {});
    const gameId = created.body.id;
    const first = feed(server.feedUrl(gameId));
    const second = feed(server.feedUrl(gameId));
    await Promise.all([first.opened, second.opened]);
    const white = (await call<{ token: string }>(server.url, 'POST', `/api/games/${gameId}/join`, { name: 'w' })).body;
    const black = (await call<{ token: string }>(server.url, 'POST', `/api/games/${gameId}/join`, { name: 'b' })).body;

    // Random moves as fast as HTTP allows, with no waiting for the feed; a resignation ends a long game.
    const random = makeRandom(7);
    let state = (await call<GameState>(server.url, 'GET', `/api/games/${gameId}/status`)).body;
    while (state.status === 'active') {
      const token = state.turn === 'white' ? white.token : black.token;
      if (state.uci.length >= 60) {
        state = (await call<GameState>(server.url, 'POST', `/api/games/${gameId}/resign`, undefined, token)).body;
        break;
      }
      const move = state.legalMoves[Math.floor(random() * state.legalMoves.length)]!;
      const answer = await call<GameState>(
        server.url,
        'POST',
        `/api/games/${gameId}/move`,
        { move, ply: state.uci.length },
        token,
      );
      expect(answer.status).toBe(200);
      state = answer.body;
    }
    expect(state.status).toBe('finished');

    const finalVersion = state.version;
    await until(
      () => first.last?.version === finalVersion && second.last?.version === finalVersion,
      'the final state on both sockets',
    );
    expect(first.versions).toEqual(range(0, finalVersion));
    expect(second.versions).toEqual(range(0, finalVersion));
    expect(first.last).toEqual(state);
    // Each message is a full state: its move list is the game's so far, growing by at most one move a version.
    const plies = first.states.map((s) => s.uci.length);
    plies.slice(1).forEach((count, index) => {
      expect(count - plies[index]!).toBeGreaterThanOrEqual(0);
      expect(count - plies[index]!).toBeLessThanOrEqual(1);
    });
    for (const s of first.states) expect(state.uci.slice(0, s.uci.length)).toEqual(s.uci);
  });

  it("delivers one player's move to the other player's socket", async () => {
    const server = shared;
    const { gameId, white, black } = await activeGame(server.url);
    const whiteFeed = feed(server.feedUrl(gameId));
    const blackFeed = feed(server.feedUrl(gameId));
    await Promise.all([whiteFeed.opened, blackFeed.opened]);
    await blackFeed.waitForState((s) => s.status === 'active', 'the current state on connect');

    const moved = await call<GameState>(
      server.url,
      'POST',
      `/api/games/${gameId}/move`,
      { move: 'e2e4', ply: 0 },
      white.token,
    );
    expect(moved.status).toBe(200);
    const seen = await blackFeed.waitForState((s) => s.lastMove?.uci === 'e2e4', "the move on black's socket");
    expect(seen).toEqual(moved.body);
    expect(seen.turn).toBe('black');

    await call(server.url, 'POST', `/api/games/${gameId}/move`, { move: 'e5', ply: 1 }, black.token);
    await whiteFeed.waitForState((s) => s.lastMove?.san === 'e5', "the reply on white's socket");
  });

  it('cuts off a subscriber that stops reading, without buffering past the cap', async () => {
    const cap = 64 * 1024;
    server = await startLiveServer({ feedBufferLimitBytes: cap });
    const { gameId, white, black } = await activeGame(server.url);
    const reader = feed(server.feedUrl(gameId));
    const stalled = feed(server.feedUrl(gameId));
    await Promise.all([reader.opened, stalled.opened]);
    await until(() => reader.states.length > 0 && stalled.states.length > 0, 'the first states');
    stalled.socket.pause();

    // Draw offers and declines change the game without ending it: as many versions as the test needs.
    const service = server.app.games;
    const seats = { white: { gameId, token: white.token }, black: { gameId, token: black.token } };
    let rounds = 0;
    while (service.bus.listenerCount(gameId) === 2) {
      for (let i = 0; i < 50; i++) {
        expect((await service.draw(seats.white, 'offer')).ok).toBe(true);
        expect((await service.draw(seats.black, 'decline')).ok).toBe(true);
      }
      rounds += 1;
      expect(rounds).toBeLessThan(2000);
      await new Promise((resolve) => setImmediate(resolve));
    }

    const stats = server.app.liveFeed.stats();
    expect(stats.slowConsumersClosed).toBe(1);
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(cap);
    // The stalled client learns why once it reads again.
    stalled.socket.resume();
    expect(await stalled.closed).toBe(FEED_CLOSE_CODES.slowConsumer);
    expect(stalled.closeReason).toMatch(/too slow/i);
    await until(() => server!.app.liveFeed.stats().connections === 1, 'the stalled connection to be gone');

    // The reading client was never affected: every version, in order.
    const finalVersion = await service.state(gameId);
    expect(finalVersion.ok).toBe(true);
    const last = finalVersion.ok ? finalVersion.value.version : -1;
    await until(() => reader.last?.version === last, 'the reader to catch up');
    expect(reader.versions).toEqual(range(reader.versions[0]!, last));
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('pings, and drops a peer that does not answer', async () => {
    server = await startLiveServer({ pingIntervalMs: 60 });
    const { gameId } = await activeGame(server.url);
    const healthy = feed(server.feedUrl(gameId));
    const deaf = feed(server.feedUrl(gameId), { autoPong: false });
    await Promise.all([healthy.opened, deaf.opened]);

    expect(await deaf.closed).toBe(1006);
    expect(deaf.pings).toBeGreaterThanOrEqual(1);
    await until(() => healthy.pings >= 4, 'several pings to the healthy client');
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    expect(server.app.liveFeed.stats()).toMatchObject({ connections: 1, deadPeersDropped: 1 });
    expect(server.app.games.bus.listenerCount(gameId)).toBe(1);
  });

  it('closes every socket with 1001 on shutdown, without waiting on a silent peer', async () => {
    server = await startLiveServer();
    const { gameId } = await activeGame(server.url);
    const a = feed(server.feedUrl(gameId));
    const b = feed(server.feedUrl(gameId));
    const silent = feed(server.feedUrl(gameId));
    await Promise.all([a.opened, b.opened, silent.opened]);
    await until(() => silent.states.length > 0, 'the first state');
    silent.socket.pause();

    const started = Date.now();
    await server.close();
    server = null;
    const elapsed = Date.now() - started;
    expect(await a.closed).toBe(FEED_CLOSE_CODES.goingAway);
    expect(await b.closed).toBe(FEED_CLOSE_CODES.goingAway);
    expect(a.closeReason).toMatch(/shutting down/);
    // The paused client never completes the closing handshake: terminated after the 1 s grace.
    expect(elapsed).toBeLessThan(5000);
  });

  it('refuses an unknown game with a 404 before the upgrade, and a malformed id with a 400', async () => {
    const server = shared;
    const statusOf = (url: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.on('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        socket.on('open', () => reject(new Error('upgraded')));
        socket.on('error', () => {});
      });
    const missing = await statusOf(server.feedUrl('NoSuchGame1'));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('game_not_found');
    const malformed = await statusOf(server.feedUrl('bad.id!'));
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe('invalid_request');
  });

  it('answers a plain GET with a 426 that says how to connect', async () => {
    const server = shared;
    const { gameId } = await activeGame(server.url);
    const response = await fetch(`${server.url}/api/games/${gameId}/events`);
    expect(response.status).toBe(426);
    expect(response.headers.get('upgrade')).toBe('websocket');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('upgrade_required');
    expect(body.error.message).toMatch(/WebSocket/);
    expect((await fetch(`${server.url}/api/games/NoSuchGame1/events`)).status).toBe(404);
  });

  it('answers a message it does not understand with an error and stays open', async () => {
    const server = shared;
    const { gameId, white } = await activeGame(server.url);
    const client = feed(server.feedUrl(gameId));
    await client.opened;
    client.socket.send('{"subscribe": "everything"}');
    client.socket.send('not json at all');
    await until(() => client.others.length === 2, 'two error answers');
    expect(client.others[0]).toMatchObject({ error: { code: 'invalid_request' } });
    await call(server.url, 'POST', `/api/games/${gameId}/move`, { move: 'd4', ply: 0 }, white.token);
    await client.waitForState((s) => s.lastMove?.san === 'd4', 'the next state after the error');
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('is described in the OpenAPI document', async () => {
    const server = shared;
    const spec = (
      await call<{ paths: Record<string, { get?: { summary?: string } }> }>(server.url, 'GET', '/api/openapi.json')
    ).body;
    expect(spec.paths['/api/games/{id}/events']?.get?.summary).toMatch(/WebSocket/);
  });
});
