/**
 * The polling loop against a real server: conditional reads (idle polls are 304s), one request at a time,
 * backoff with a cap while the server is unreachable, and an abort that ends request and sleep at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { backoffDelay, pollGame, type PollHealth } from './poller.js';

let app: FastifyInstance;
let server: string;
const statuses: number[] = [];
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  app = await buildApp();
  // Watched at the HTTP server, not with Fastify hooks: plain status polls are answered before Fastify
  // (server/http/status-fast-path.ts).
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.includes('/status')) return;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    response.once('finish', () => {
      inFlight--;
      statuses.push(response.statusCode);
    });
  });
  server = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app?.close());

describe('pollGame', () => {
  it('reports each new version once, answers idle polls with 304, never overlaps, and stops on abort', async () => {
    const client = new RookeryClient({ baseUrl: server, retries: 0 });
    const white = await client.quickJoin('alice');
    const black = await client.join(white.gameId, 'bob');
    const seen: GameState[] = [];
    const controller = new AbortController();
    const done = pollGame(
      client,
      white.gameId,
      { intervalMs: 100, signal: controller.signal },
      {
        onState: (state) => seen.push(state),
        onHealth: () => {},
      },
    );
    await until(() => statuses.length >= 4);
    await client.move(white.gameId, white.token, 'e4', 0);
    await until(() => seen.some((state) => state.moves.length === 1));
    await until(() => statuses.filter((status) => status === 304).length >= 5);
    const started = Date.now();
    controller.abort();
    await done;
    expect(Date.now() - started).toBeLessThan(100);

    expect(seen.map((state) => state.version)).toEqual([black.game.version, black.game.version + 1]);
    expect(statuses[0]).toBe(200);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(maxInFlight).toBe(1);
  });

  it('backs off while the server is unreachable, doubling up to a cap', async () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => backoffDelay(1000, failures))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    const closed = await buildApp();
    const address = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const client = new RookeryClient({ baseUrl: address, retries: 0 });
    const reports: PollHealth[] = [];
    const controller = new AbortController();
    const done = pollGame(
      client,
      'AAAAAAAA',
      { intervalMs: 100, signal: controller.signal, maxBackoffMs: 30_000 },
      {
        onState: () => {},
        onHealth: (health) => reports.push(health),
      },
    );
    await until(() => reports.length >= 1);
    controller.abort();
    await done;
    expect(reports[0]).toMatchObject({ phase: 'failing', failure: 'network' });
    const wait = reports[0]!.retryAt! - Date.now();
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(1000);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
