/**
 * The GameStore contract (server/store/store-contract.ts) against RedisGameStore on a real redis-server started
 * here (test/support/redis-server.ts); each test gets its own key prefix, as two deployments sharing one Redis
 * would. Two store instances on one prefix stand for two processes in the shared-store part.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openRedisStore } from '../server/store/redis-store.js';
import { describeGameStoreContract, describeSharedGameStoreContract } from '../server/store/store-contract.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const newPrefix = () => `contract-${randomBytes(6).toString('hex')}:`;

describeGameStoreContract('RedisGameStore', () => openRedisStore(redis.url, { prefix: newPrefix() }));
describeSharedGameStoreContract('RedisGameStore', {
  newKeyspace: newPrefix,
  open: (prefix) => openRedisStore(redis.url, { prefix }),
});
