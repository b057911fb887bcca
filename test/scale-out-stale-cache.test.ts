/**
 * Regression (found by test/scale-out-e2e.test.ts): a process that reads a game from Redis while another process
 * commits a newer version must not keep the older one. Two GameServices on one real redis-server stand for two
 * processes; the reader's store read is held back so that the other's commit lands, and is published, in between.
 * Before the fix the reader cached the older board (the bus message had found nothing to drop) and answered it to
 * every later request, a long poll with `since` the newer version included, until the game changed again.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisBus } from '../server/bus/redis-bus.js';
import { GameService } from '../server/service/game-service.js';
import { openRedisStore, type RedisGameStore } from '../server/store/redis-store.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let redis: RedisServer;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await redis?.stop();
});

async function processOn(
  prefix: string,
  store?: RedisGameStore,
): Promise<{ service: GameService; store: RedisGameStore }> {
  const opened = store ?? (await openRedisStore(redis.url, { prefix }));
  const bus = await RedisBus.open(opened.connections.subscriber, opened.channel);
  const service = new GameService({ store: opened, bus });
  closers.push(() => service.close());
  return { service, store: opened };
}

it('does not keep a board read from the store while a newer version was being committed elsewhere', async () => {
  const prefix = `stale-${randomBytes(4).toString('hex')}:`;
  const writer = await processOn(prefix);
  const readerStore = await openRedisStore(redis.url, { prefix });
  // The reader's reads of the game are held back after they have read, until `release` is called.
  let hold: Promise<void> | null = null;
  const realGet = readerStore.get.bind(readerStore);
  readerStore.get = async (id: string) => {
    const record = await realGet(id);
    if (hold) await hold;
    return record;
  };
  const reader = await processOn(prefix, readerStore);

  const created = await writer.service.create();
  if (!created.ok) throw new Error(created.message);
  const id = created.value.id;
  const white = await writer.service.join(id, 'w');
  const black = await writer.service.join(id, 'b');
  if (!white.ok || !black.ok) throw new Error('join');
  const before = black.value.game.version;

  let release: () => void = () => {};
  hold = new Promise((done) => (release = done));
  const read = reader.service.snapshot(id);
  // The reader has read version `before`; the writer moves now, and Redis publishes the new version.
  await new Promise((done) => setTimeout(done, 100));
  const moved = await writer.service.move({ gameId: id, token: white.value.token }, 'e4');
  if (!moved.ok) throw new Error(moved.message);
  await new Promise((done) => setTimeout(done, 100));
  hold = null;
  release();
  expect((await read).ok).toBe(true);

  // Whatever that first read answered, the reader must not stay behind a version it has been told about.
  await new Promise((done) => setTimeout(done, 100));
  const later = await reader.service.snapshot(id);
  expect(later.ok && later.value.state.version).toBe(before + 1);
  const polled = await reader.service.waitForChange(id, before + 1, 1000);
  expect(polled.ok && polled.value.state.version).toBeGreaterThanOrEqual(before + 1);
});
