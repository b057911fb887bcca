/**
 * The lichess Bot API's accounts on a real redis-server (scale-out): the AccountStore behaves as the SQLite one
 * (server/accounts/sqlite-account-store.test.ts), two processes' stores see the same accounts, and only token
 * hashes reach Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../server/accounts/accounts.js';
import { RedisAccountStore } from '../server/accounts/redis-account-store.js';
import { connectRedis, type RedisConnections } from '../server/store/redis-connection.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;
const connections: RedisConnections[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  for (const opened of connections) await opened.close();
  await redis?.stop();
});

async function accountsOf(prefix: string): Promise<Accounts> {
  const opened = await connectRedis(redis.url);
  connections.push(opened);
  return new Accounts(new RedisAccountStore(opened.client, prefix));
}

describe('accounts in Redis', () => {
  it('tokens hashed, names unique whatever their case, seen by every process, revoked for all', async () => {
    const [here, there] = [await accountsOf('acc1:'), await accountsOf('acc1:')];
    const made = await here.create('StockBot', { bot: true });
    if (!made.ok) throw new Error(made.message);
    expect(made.value.token).toMatch(/^[A-Za-z0-9_]+$/u);
    // Two processes racing for one name (any case): exactly one gets it.
    const race = await Promise.all([here.create('Racer', { bot: true }), there.create('RACER', { bot: true })]);
    expect(race.filter((result) => result.ok)).toHaveLength(1);
    expect((await there.create('stockbot', { bot: true })).ok).toBe(false);
    expect((await there.authenticate(made.value.token))?.username).toBe('StockBot');
    const dump = await redis.cli('--no-raw', 'HGETALL', 'acc1:{acct}:tokens');
    expect(dump.includes(made.value.token)).toBe(false);
    expect((await there.revoke('STOCKBOT')).ok).toBe(true);
    expect(await here.authenticate(made.value.token)).toBeUndefined();
    expect((await here.list()).find((account) => account.username === 'StockBot')).toMatchObject({
      title: 'BOT',
      tokens: 0,
    });
  });
});
