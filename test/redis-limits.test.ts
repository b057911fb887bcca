/**
 * Limits on a scale-out deployment: two apps ("processes") on one real redis-server count the same requests, so a
 * client cannot get twice its creation limit, or twice its waiting games, by spreading its requests over them.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../server/bus/redis-bus.js';
import { buildApp } from '../server/http/app.js';
import { GameService } from '../server/service/game-service.js';
import { openRedisStore } from '../server/store/redis-store.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await redis?.stop();
});

async function processOn(prefix: string, limits: { creationsPerMinute: number; waitingPerAddress?: number }) {
  const store = await openRedisStore(redis.url, { prefix });
  const bus = await RedisBus.open(store.connections.subscriber, store.channel);
  const service = new GameService({ store, bus });
  const app = await buildApp({
    service,
    ...limits,
    rateLimitRedis: { client: store.connections.client, prefix },
  });
  await app.ready();
  apps.push(app);
  return app;
}

describe('limits counted in Redis', () => {
  it('the creation limit counts the games made through every process', async () => {
    const [a, b] = [
      await processOn('lim1:', { creationsPerMinute: 4, waitingPerAddress: 100 }),
      await processOn('lim1:', { creationsPerMinute: 4, waitingPerAddress: 100 }),
    ];
    const statuses: number[] = [];
    for (const app of [a, b, a, b, a, b]) {
      statuses.push((await app.inject({ method: 'POST', url: '/api/games' })).statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
  });

  it('the cap on waiting games counts the games waiting from every process', async () => {
    const [a, b] = [
      await processOn('lim2:', { creationsPerMinute: 100, waitingPerAddress: 3 }),
      await processOn('lim2:', { creationsPerMinute: 100, waitingPerAddress: 3 }),
    ];
    const made: string[] = [];
    for (const app of [a, b, a]) {
      const answer = await app.inject({ method: 'POST', url: '/api/games' });
      expect(answer.statusCode).toBe(201);
      made.push(answer.json().id);
    }
    const refused = await b.inject({ method: 'POST', url: '/api/games' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/3 games waiting/u);
    // One of them fills up (through the other process): the address may make one more.
    for (const name of ['white', 'black']) {
      const joined = await a.inject({ method: 'POST', url: `/api/games/${made[1]}/join`, payload: { name } });
      expect(joined.statusCode).toBe(201);
    }
    expect((await b.inject({ method: 'POST', url: '/api/games' })).statusCode).toBe(201);
  });
});
