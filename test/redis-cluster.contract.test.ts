/**
 * The GameStore contract (server/store/store-contract.ts) against RedisGameStore on a real three-master Redis
 * Cluster started here (test/support/redis-server.ts, joined with redis-cli --cluster create). The store is given
 * one node's URL, as an operator would; it finds out by itself that this is a cluster. A game's keys share a hash
 * tag, so its compare-and-set script runs on one node; the test also checks that the games really are spread.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../server/store/redis-store.js';
import { describeGameStoreContract, describeSharedGameStoreContract } from '../server/store/store-contract.js';
import { type RedisCluster, startRedisCluster } from './support/redis-server.js';

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
});
afterAll(async () => {
  await cluster?.stop();
});

const newPrefix = () => `contract-${randomBytes(6).toString('hex')}:`;

describeGameStoreContract('RedisGameStore on a Redis Cluster', () =>
  openRedisStore(cluster.url, { prefix: newPrefix() }),
);
describeSharedGameStoreContract('RedisGameStore on a Redis Cluster', {
  newKeyspace: newPrefix,
  open: (prefix) => openRedisStore(cluster.url, { prefix }),
});

describe('RedisGameStore on a Redis Cluster', () => {
  it('is opened from any node as a cluster, and spreads games over the masters', async () => {
    const prefix = newPrefix();
    const store = await openRedisStore(cluster.nodes[2]!.url, { prefix });
    try {
      expect(store.connections.cluster).toBe(true);
      const { ChessBoard } = await import('../server/domain/chess-board.js');
      for (let index = 0; index < 30; index++) {
        const board = ChessBoard.create(`spread${String(index).padStart(6, '0')}`, '2026-12-01T10:00:00.000Z');
        board.takeChange();
        await store.insert(board.recordView(), board.summary());
      }
      const perNode = await Promise.all(
        cluster.nodes.map(async (node) =>
          Number(await node.cli('EVAL', `return #redis.call('KEYS', ARGV[1])`, '0', `${prefix}{*}:g`)),
        ),
      );
      expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(30);
      expect(perNode.every((count) => count > 0)).toBe(true);
      console.log(`games per cluster master: ${perNode.join(', ')}`);
    } finally {
      await store.close();
    }
  });
});
