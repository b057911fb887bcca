/**
 * The status poll's fast path (server/http/status-fast-path.ts) answers exactly what the Fastify route answers: the
 * same status, headers and bytes, over a real port, for 200 and 304; and everything it does not handle reaches
 * the route unchanged.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { buildApp, type AppOptions } from '../server/http/app.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(options: AppOptions = {}): Promise<{ app: FastifyInstance; port: number }> {
  app = await buildApp(options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The headers that carry meaning (Date changes, Connection and Keep-Alive are the socket's). */
function meaningful(headers: RawAnswer['headers'] | Record<string, unknown>) {
  const {
    date: _date,
    connection: _connection,
    'keep-alive': _keepAlive,
    ...rest
  } = headers as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).map(([name, value]) => [name, String(value)]));
}

async function activeGame(target: FastifyInstance): Promise<GameState> {
  const created = (await target.inject({ method: 'POST', url: '/api/games' })).json<GameState>();
  await target.inject({ method: 'POST', url: `/api/games/${created.id}/join`, payload: { name: 'alice' } });
  const black = await target.inject({ method: 'POST', url: `/api/games/${created.id}/join`, payload: { name: 'bob' } });
  return black.json<JoinResult>().game;
}

describe('the status fast path', () => {
  it("answers 200 and 304 with the route's own status, headers and bytes", async () => {
    const { app, port } = await listening();
    const game = await activeGame(app);
    // The route's first status answer teaches the fast path the security headers; from then on it answers.
    await get(port, `/api/games/${game.id}/status`);
    expect(app.statusFastPath.ready).toBe(true);
    const servedBefore = app.statusFastPath.served;
    for (const path of [`/api/games/${game.id}/status`, `/api/games/${game.id}`]) {
      const fast = await get(port, path);
      const route = await app.inject({ url: path });
      expect(fast.status).toBe(200);
      expect(route.statusCode).toBe(200);
      expect(meaningful(fast.headers)).toEqual(meaningful(route.headers));
      expect(fast.body.equals(route.rawPayload)).toBe(true);
      expect(JSON.parse(fast.body.toString('utf8'))).toEqual(game);

      const etag = String(fast.headers['etag']);
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const fast304 = await get(port, path, { 'if-none-match': header });
        const route304 = await app.inject({ url: path, headers: { 'if-none-match': header } });
        expect(fast304.status).toBe(304);
        expect(route304.statusCode).toBe(304);
        expect(fast304.body.length).toBe(0);
        expect(meaningful(fast304.headers)).toEqual(meaningful(route304.headers));
      }
    }
    // Every one of those real-port answers came from the fast path, security headers included.
    expect(app.statusFastPath.served).toBeGreaterThan(servedBefore);
  });

  it('lets through what it does not handle: queries, bad or unknown ids, games not cached, other methods', async () => {
    const { app, port } = await listening({ service: undefined });
    const game = await activeGame(app);
    const probe = await get(port, `/api/games/${game.id}/status?probe=1`);
    expect(probe.status).toBe(200);
    expect(JSON.parse(probe.body.toString('utf8')).version).toBe(game.version);
    const poll = await get(port, `/api/games/${game.id}/status?since=${game.version - 1}&wait=1`);
    expect(poll.status).toBe(200);
    const unknown = await get(port, '/api/games/NoSuchGame01/status');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString('utf8')).error.code).toBe('game_not_found');
    const malformed = await get(port, '/api/games/bad%20id/status');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body.toString('utf8')).error.code).toBe('invalid_request');
    const head = await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port, path: `/api/games/${game.id}/status`, method: 'HEAD' },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(head).toBe(200);
  });

  it('answers a game that fell out of the cache through the route, which brings it back', async () => {
    const { GameService } = await import('../server/service/game-service.js');
    const { MemoryGameStore } = await import('../server/store/memory-store.js');
    const service = new GameService({ store: new MemoryGameStore(), cacheSize: 1 });
    const { app, port } = await listening({ service });
    const first = await activeGame(app);
    await activeGame(app); // evicts the first
    expect(service.cachedSnapshot(first.id)).toBeUndefined();
    const answer = await get(port, `/api/games/${first.id}/status`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual(first);
    expect(service.cachedSnapshot(first.id)?.state).toEqual(first);
  });

  it('is off while the access log or the rate limit must see every request', async () => {
    const lines: string[] = [];
    const { Writable } = await import('node:stream');
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { app, port } = await listening({ accessLog: true, logger: { level: 'info', stream } });
    const game = await activeGame(app);
    expect((await get(port, `/api/games/${game.id}/status`)).status).toBe(200);
    expect(lines.some((line) => line.includes(`GET /api/games/${game.id}/status 200`))).toBe(true);
    await app.close();

    const limited = await listening({ rateLimitPerMinute: 4 });
    const other = await activeGame(limited.app);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(limited.port, `/api/games/${other.id}/status`)).status);
    expect(statuses).toContain(429);
  });
});
