/**
 * AccountStore on Redis, for a scale-out deployment (`--redis URL`): every process sees the same accounts, tokens
 * and bot seats. All keys share the hash tag `{acct}`, so that creating an account (name and first token together)
 * is one script, also on a Redis Cluster:
 * - `{acct}:accounts` hash: account id -> the account as JSON;
 * - `{acct}:tokens` hash: token hash -> account id (tokens are never kept, only their SHA-256);
 * - `{acct}:seat:<gameId>` hash: colour -> account id;
 * - `{acct}:open` set: games with account seats that have not finished.
 */
import type { RedisClient } from '../store/redis-connection.js';
import type { Account, AccountSeat, AccountStore } from './account-store.js';

/** KEYS: accounts, tokens. ARGV: id, account JSON, token hash. Answers 1, or 0 when the id is taken. */
const CREATE_SCRIPT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
return 1`;

/** KEYS: accounts, tokens. ARGV: id, token hash. Answers 1, or 0 when there is no such account. */
const ADD_TOKEN_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1`;

/** KEYS: tokens. ARGV: id. Deletes the account's tokens, answers how many. */
const REVOKE_SCRIPT = `
local all = redis.call('HGETALL', KEYS[1])
local count = 0
for i = 1, #all, 2 do
  if all[i + 1] == ARGV[1] then
    redis.call('HDEL', KEYS[1], all[i])
    count = count + 1
  end
end
return count`;

interface Scripted {
  rookeryAccountCreate(accounts: string, tokens: string, id: string, json: string, hash: string): Promise<number>;
  rookeryAccountToken(accounts: string, tokens: string, id: string, hash: string): Promise<number>;
  rookeryAccountRevoke(tokens: string, id: string): Promise<number>;
}

export class RedisAccountStore implements AccountStore {
  private readonly redis: RedisClient & Scripted;
  private readonly accountsKey: string;
  private readonly tokensKey: string;
  private readonly openKey: string;

  /** `client` is the deployment's command client (the game store's); closing this store leaves it open. */
  constructor(
    client: RedisClient,
    private readonly prefix: string,
  ) {
    client.defineCommand('rookeryAccountCreate', { numberOfKeys: 2, lua: CREATE_SCRIPT });
    client.defineCommand('rookeryAccountToken', { numberOfKeys: 2, lua: ADD_TOKEN_SCRIPT });
    client.defineCommand('rookeryAccountRevoke', { numberOfKeys: 1, lua: REVOKE_SCRIPT });
    this.redis = client as RedisClient & Scripted;
    this.accountsKey = `${prefix}{acct}:accounts`;
    this.tokensKey = `${prefix}{acct}:tokens`;
    this.openKey = `${prefix}{acct}:open`;
  }

  async create(account: Account, tokenHash: string): Promise<boolean> {
    const created = await this.redis.rookeryAccountCreate(
      this.accountsKey,
      this.tokensKey,
      account.id,
      JSON.stringify(account),
      tokenHash,
    );
    return created === 1;
  }

  async addToken(accountId: string, tokenHash: string): Promise<boolean> {
    return (await this.redis.rookeryAccountToken(this.accountsKey, this.tokensKey, accountId, tokenHash)) === 1;
  }

  async revokeTokens(accountId: string): Promise<number> {
    return this.redis.rookeryAccountRevoke(this.tokensKey, accountId);
  }

  async byId(accountId: string): Promise<Account | undefined> {
    const json = await this.redis.hget(this.accountsKey, accountId);
    return json === null ? undefined : (JSON.parse(json) as Account);
  }

  async byTokenHash(tokenHash: string): Promise<Account | undefined> {
    const id = await this.redis.hget(this.tokensKey, tokenHash);
    return id === null ? undefined : this.byId(id);
  }

  async list(): Promise<(Account & { tokens: number })[]> {
    const [accounts, tokens] = await Promise.all([
      this.redis.hgetall(this.accountsKey),
      this.redis.hgetall(this.tokensKey),
    ]);
    const counts = new Map<string, number>();
    for (const owner of Object.values(tokens)) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    return Object.values(accounts)
      .map((json) => JSON.parse(json) as Account)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((account) => ({ ...account, tokens: counts.get(account.id) ?? 0 }));
  }

  async addSeat(seat: AccountSeat): Promise<void> {
    await this.redis
      .multi()
      .hset(this.seatKey(seat.gameId), seat.color, seat.accountId)
      .sadd(this.openKey, seat.gameId)
      .exec();
  }

  async seatsOf(gameId: string): Promise<AccountSeat[]> {
    return seatsFrom(gameId, await this.redis.hgetall(this.seatKey(gameId)));
  }

  async openSeats(accountId?: string): Promise<AccountSeat[]> {
    const games = await this.redis.smembers(this.openKey);
    const held = await Promise.all(games.map((gameId) => this.seatsOf(gameId)));
    return held.flat().filter((seat) => accountId === undefined || seat.accountId === accountId);
  }

  async markFinished(gameId: string): Promise<void> {
    await this.redis.srem(this.openKey, gameId);
  }

  async close(): Promise<void> {
    // The connection belongs to the game store, which closes it.
  }

  private seatKey(gameId: string): string {
    return `${this.prefix}{acct}:seat:${gameId}`;
  }
}

function seatsFrom(gameId: string, fields: Record<string, string>): AccountSeat[] {
  const seats: AccountSeat[] = [];
  for (const color of ['white', 'black'] as const) {
    const accountId = fields[color];
    if (accountId !== undefined) seats.push({ gameId, color, accountId });
  }
  return seats;
}
