/**
 * A GameStore on Redis, shared by every Rookery process of a deployment (`--redis URL`, docs/scale-out.md).
 *
 * Keys (all under a prefix, default `rookery:`; `{…}` is a Redis Cluster hash tag, so the keys of one game share a
 * slot and one script can change them together):
 * - `{<id>}:g` hash: `v` (version), `head` (the record without its moves, JSON), `summary` (the lobby row, JSON),
 *   `reserved` (1 when a seat is kept for a rematch);
 * - `{<id>}:m` list: the moves, one JSON MoveRecord per ply (appended, never rewritten);
 * - `{idx}:all`, `{idx}:waiting`, `{idx}:active`, `{idx}:finished`, `{idx}:open` sorted sets (score: creation
 *   time) and `{idx}:due` (score: the moment the clock falls due), with `{idx}:ver`, the version each game's index
 *   entries were written for: the lobby, quick pairing, the expiry and the clock deadlines;
 * - `presence` sorted set (when someone last asked about a waiting game), `alive` (the heartbeat), `schema`
 *   (the layout version, see redis-connection.ts), `lock:<name>` (SharedGameStore.withLock), `madeby:<address>`
 *   (the games a client address made, for the cap on waiting games), `rate:*` (the rate limits' counters);
 * - channel `changes`: the bus (redis-bus.ts); each commit's message is published by the commit's own script.
 *
 * A commit is one Lua script over the game's two keys: compare the version, append the moves, replace the head,
 * publish the bus message. Redis runs a script alone, so two processes can never both apply a change, and the
 * messages of one game leave in commit order. On a single Redis the same script also writes the game's index
 * entries: one round trip per change. On a Redis Cluster the indexes live in other slots than the game, so they are
 * written by a second script after the commit (only ever moving forward by version) and, for what must not be
 * missed (a clock due earlier, a game appearing in a list), also before it; readers check each index entry against
 * the game's own summary, so an entry left behind by a crash between the two steps is never shown wrong, and the
 * next change of that game puts it right.
 *
 * Durability: a promise resolves when Redis has answered, which with `appendonly yes` and `appendfsync always`
 * means the change is on Redis's disk (docs/scale-out.md says what `everysec` trades).
 */
import { randomBytes } from 'node:crypto';
import type { GameSummary } from '../../shared/api-schema.js';
import { fail, ok } from '../../shared/result.js';
import { pgnTimeControl } from '../../shared/time-control.js';
import { GAME_STATUSES, type GameStatus } from '../../shared/vocabulary.js';
import type { GameChange, GameRecord, MoveRecord, ReadonlyGameRecord } from '../domain/game-record.js';
import {
  checkRedisSchema,
  connectRedis,
  DEFAULT_REDIS_PREFIX,
  type ConnectOptions,
  type RedisClient,
  type RedisConnections,
} from './redis-connection.js';
import {
  makeCursor,
  parseCursor,
  type CommitResult,
  type DueGame,
  type GamePage,
  type ListGamesQuery,
  type SharedGameStore,
  type WaitingGame,
  type WaitingQuery,
} from './game-store.js';

/** Insert a game unless it exists. KEYS: game, moves. ARGV: version, head, summary, reserved, moves... */
const INSERT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('ROOKERY game exists') end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'head', ARGV[2], 'summary', ARGV[3], 'reserved', ARGV[4])
if #ARGV > 4 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 5)) end
return 1`;

/**
 * Compare-and-set one change. KEYS: game, moves. ARGV: base version, version, head, summary, reserved, moves
 * before, channel, message, new moves... Answers 1 (applied) or 0 (the stored version is not the base one).
 */
const COMMIT_SCRIPT = `
local stored = redis.call('HGET', KEYS[1], 'v')
if not stored then return redis.error_reply('ROOKERY game does not exist') end
if stored ~= ARGV[1] then return 0 end
if redis.call('LLEN', KEYS[2]) ~= tonumber(ARGV[6]) then
  return redis.error_reply('ROOKERY the change does not follow the stored moves')
end
if #ARGV > 8 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 9)) end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'head', ARGV[3], 'summary', ARGV[4], 'reserved', ARGV[5])
if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[7], ARGV[8]) end
return 1`;

/**
 * Put a game's index entries where its version says, unless a later version already did. `k`: the keys all,
 * waiting, active, finished, open, due, ver; then id, version, created (score), status, open (0|1), due ('' for
 * none). Shared by the index script (Cluster) and the one-step scripts (a single Redis).
 */
const INDEX_FUNCTION = `
local function index(k, id, version, created, status, open, due)
  local written = tonumber(redis.call('HGET', k[7], id) or '-1')
  if written >= tonumber(version) then return 0 end
  redis.call('ZADD', k[1], created, id)
  local statuses = { waiting = 2, active = 3, finished = 4 }
  for name, at in pairs(statuses) do
    if name == status then redis.call('ZADD', k[at], created, id) else redis.call('ZREM', k[at], id) end
  end
  if open == '1' then redis.call('ZADD', k[5], created, id) else redis.call('ZREM', k[5], id) end
  if due == '' then redis.call('ZREM', k[6], id) else redis.call('ZADD', k[6], due, id) end
  if status == 'finished' then redis.call('HDEL', k[7], id) else redis.call('HSET', k[7], id, version) end
  return 1
end
`;

/** The index step alone (Cluster). KEYS: all, waiting, active, finished, open, due, ver. ARGV: id, version,
 * created, status, open, due. */
const INDEX_SCRIPT = `${INDEX_FUNCTION}
return index(KEYS, ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])`;

/** The index keys of the one-step scripts: KEYS[3..9]. */
const ONE_STEP_INDEX_KEYS = '{KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]}';

/**
 * A single Redis (not a Cluster): the commit and its index entries in one script, so one round trip (and, with
 * `appendfsync always`, one fsync) per change. KEYS: game, moves, then the seven index keys. ARGV: those of
 * COMMIT_SCRIPT's first eight, then id, created, status, open, due, then the new moves.
 */
const COMMIT_INDEXED_SCRIPT = `${INDEX_FUNCTION}
local stored = redis.call('HGET', KEYS[1], 'v')
if not stored then return redis.error_reply('ROOKERY game does not exist') end
if stored ~= ARGV[1] then return 0 end
if redis.call('LLEN', KEYS[2]) ~= tonumber(ARGV[6]) then
  return redis.error_reply('ROOKERY the change does not follow the stored moves')
end
if #ARGV > 13 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 14)) end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'head', ARGV[3], 'summary', ARGV[4], 'reserved', ARGV[5])
index(${ONE_STEP_INDEX_KEYS}, ARGV[9], ARGV[2], ARGV[10], ARGV[11], ARGV[12], ARGV[13])
if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[7], ARGV[8]) end
return 1`;

/** A single Redis: insert and index in one script. KEYS: game, moves, the seven index keys. ARGV: version, head,
 * summary, reserved, id, created, status, open, then the moves. */
const INSERT_INDEXED_SCRIPT = `${INDEX_FUNCTION}
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('ROOKERY game exists') end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'head', ARGV[2], 'summary', ARGV[3], 'reserved', ARGV[4])
if #ARGV > 8 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 9)) end
index(${ONE_STEP_INDEX_KEYS}, ARGV[5], ARGV[1], ARGV[6], ARGV[7], ARGV[8], '')
return 1`;

/** Claim due games for a lease. KEYS: due. ARGV: now, lease end, limit. Answers the ids claimed. */
const CLAIM_SCRIPT = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return ids`;

/** Move a claimed game back to its real due moment, unless a change has moved it meanwhile. KEYS: due. ARGV:
 * id, the lease score it was claimed with, the due moment ('' to drop it). */
const RESCHEDULE_SCRIPT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
return 1`;

/** The heartbeat only moves forward (several processes write it). KEYS: alive. ARGV: moment. */
const ALIVE_SCRIPT = `
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > stored then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;

/** Release a lock only if this holder still has it. KEYS: lock. ARGV: holder. */
const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** An address's list of games it made is dropped after this long without a new one (games expire long before). */
const MADE_BY_TTL_SECONDS = 2 * 86_400;

/** Lobby pages are read from the index in batches of this many ids. */
const LIST_BATCH = 100;

/** The head of a record: all but its version and moves. */
type RecordHead = Omit<GameRecord, 'version' | 'moves'>;

export interface RedisStoreOptions extends ConnectOptions {
  /** Prefix of every key and channel (default `rookery:`; tests give each their own). */
  prefix?: string;
}

interface Scripted {
  rookeryInsert(game: string, moves: string, ...args: string[]): Promise<number>;
  rookeryCommit(game: string, moves: string, ...args: string[]): Promise<number>;
  rookeryInsertIndexed(...keysAndArgs: string[]): Promise<number>;
  rookeryCommitIndexed(...keysAndArgs: string[]): Promise<number>;
  rookeryIndex(...keysAndArgs: string[]): Promise<number>;
  rookeryClaim(due: string, now: string, leaseEnd: string, limit: string): Promise<string[]>;
  rookeryReschedule(due: string, id: string, lease: string, dueAt: string): Promise<number>;
  rookeryAlive(alive: string, at: string): Promise<number>;
  rookeryUnlock(lock: string, holder: string): Promise<number>;
}

export class RedisGameStore implements SharedGameStore {
  readonly shared = true;
  /** The bus's channel (redis-bus.ts subscribes to it; commits publish on it). */
  readonly channel: string;
  private readonly redis: RedisClient & Scripted;
  private readonly keys: ReturnType<typeof indexKeys>;
  /** The lease score each game was claimed with (claimDue), for rescheduleDue. */
  private readonly leases = new Map<string, number>();
  private closed = false;

  constructor(
    readonly connections: RedisConnections,
    readonly prefix: string = DEFAULT_REDIS_PREFIX,
  ) {
    this.channel = `${prefix}changes`;
    this.keys = indexKeys(prefix);
    const redis = connections.client;
    redis.defineCommand('rookeryInsert', { numberOfKeys: 2, lua: INSERT_SCRIPT });
    redis.defineCommand('rookeryCommit', { numberOfKeys: 2, lua: COMMIT_SCRIPT });
    redis.defineCommand('rookeryIndex', { numberOfKeys: 7, lua: INDEX_SCRIPT });
    redis.defineCommand('rookeryInsertIndexed', { numberOfKeys: 9, lua: INSERT_INDEXED_SCRIPT });
    redis.defineCommand('rookeryCommitIndexed', { numberOfKeys: 9, lua: COMMIT_INDEXED_SCRIPT });
    redis.defineCommand('rookeryClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
    redis.defineCommand('rookeryReschedule', { numberOfKeys: 1, lua: RESCHEDULE_SCRIPT });
    redis.defineCommand('rookeryAlive', { numberOfKeys: 1, lua: ALIVE_SCRIPT });
    redis.defineCommand('rookeryUnlock', { numberOfKeys: 1, lua: UNLOCK_SCRIPT });
    this.redis = redis as RedisClient & Scripted;
  }

  async insert(record: ReadonlyGameRecord, summary: GameSummary): Promise<void> {
    const reserved = record.reservedSeat ? '1' : '0';
    if (!this.connections.cluster) {
      await this.redis.rookeryInsertIndexed(
        this.gameKey(record.id),
        this.movesKey(record.id),
        ...this.indexKeyList(),
        String(record.version),
        JSON.stringify(headOf(record)),
        JSON.stringify(summary),
        reserved,
        record.id,
        String(Date.parse(summary.createdAt)),
        summary.status,
        summary.status === 'waiting' && reserved === '0' ? '1' : '0',
        ...record.moves.map((move) => JSON.stringify(move)),
      );
      return;
    }
    // Listed before it exists (the index is only a list of candidates), so that a crash cannot leave it unlisted.
    await this.index(record.id, record.version, summary, reserved === '1', null, true);
    await this.redis.rookeryInsert(
      this.gameKey(record.id),
      this.movesKey(record.id),
      String(record.version),
      JSON.stringify(headOf(record)),
      JSON.stringify(summary),
      reserved,
      ...record.moves.map((move) => JSON.stringify(move)),
    );
    await this.index(record.id, record.version, summary, reserved === '1', null, false);
  }

  async commit(change: GameChange, announcement = ''): Promise<CommitResult> {
    if (!this.connections.cluster) return this.commitIndexed(change, announcement);
    const { record, summary } = change;
    const reserved = record.reservedSeat !== null;
    // What a crash between the commit and its index step must not lose: a game entering a list, a deadline coming
    // earlier. A move of an untimed game in play changes neither.
    if (summary.status !== 'active' || change.parts.has('seats') || change.dueAt !== null) {
      await this.index(change.id, record.version, summary, reserved, change.dueAt, true);
    }
    const applied = await this.redis.rookeryCommit(
      this.gameKey(change.id),
      this.movesKey(change.id),
      String(change.baseVersion),
      String(record.version),
      JSON.stringify(headOf(record)),
      JSON.stringify(summary),
      reserved ? '1' : '0',
      String(record.moves.length - change.newMoves.length),
      this.channel,
      announcement,
      ...change.newMoves.map((move) => JSON.stringify(move)),
    );
    if (applied !== 1) {
      const stored = await this.versionOf(change.id);
      return fail('version_conflict', `game ${change.id} is at version ${stored}, not ${change.baseVersion}`);
    }
    await this.index(change.id, record.version, summary, reserved, change.dueAt, false);
    return ok(undefined);
  }

  async get(id: string): Promise<GameRecord | undefined> {
    // One slot, so one MULTI reads the head and the moves of the same version.
    const results = await this.redis
      .multi()
      .hmget(this.gameKey(id), 'v', 'head')
      .lrange(this.movesKey(id), 0, -1)
      .exec();
    if (!results) throw new Error(`game ${id}: the read was aborted`);
    const [fieldsResult, movesResult] = results;
    if (fieldsResult?.[0]) throw fieldsResult[0];
    if (movesResult?.[0]) throw movesResult[0];
    const [version, head] = fieldsResult![1] as [string | null, string | null];
    if (version === null || head === null) return undefined;
    const moves = (movesResult![1] as string[]).map((text) => JSON.parse(text) as MoveRecord);
    return { ...(JSON.parse(head) as RecordHead), version: Number(version), moves };
  }

  async versionOf(id: string): Promise<number | undefined> {
    const version = await this.redis.hget(this.gameKey(id), 'v');
    return version === null ? undefined : Number(version);
  }

  async list(query: ListGamesQuery): Promise<GamePage> {
    const key = query.status ? this.keys.status[query.status] : this.keys.all;
    const after = query.cursor ? parseCursor(query.cursor) : null;
    const games: GameSummary[] = [];
    const max = after ? String(Date.parse(after.createdAt)) : '+inf';
    let offset = 0;
    // Walk the index newest first (equal creation times: larger id first, as compareNewestFirst), skipping entries
    // that are not (or no longer) what they say, until one more than a page is found.
    for (;;) {
      const ids = await this.redis.zrevrangebyscore(key, max, '-inf', 'LIMIT', offset, LIST_BATCH);
      const summaries = await this.summaries(ids);
      for (const summary of summaries) {
        if (!summary) continue;
        if (after && !isOlder(summary, after)) continue;
        if (query.status && summary.status !== query.status) continue;
        if (query.timeControl !== undefined && pgnTimeControl(summary.timeControl) !== query.timeControl) continue;
        games.push(summary);
        if (games.length > query.limit) {
          const page = games.slice(0, query.limit);
          return { games: page, nextCursor: makeCursor(page.at(-1)!) };
        }
      }
      if (ids.length < LIST_BATCH) return { games, nextCursor: null };
      offset += ids.length;
    }
  }

  async waitingGames(query: WaitingQuery): Promise<WaitingGame[]> {
    const key = query.includeReserved ? this.keys.status.waiting : this.keys.open;
    const found: WaitingGame[] = [];
    for (let offset = 0; ; offset += LIST_BATCH) {
      const ids = await this.redis.zrange(key, offset, offset + LIST_BATCH - 1);
      const rows = await Promise.all(ids.map((id) => this.redis.hmget(this.gameKey(id), 'summary', 'reserved')));
      for (const [summaryText, reserved] of rows) {
        if (!summaryText) continue;
        const summary = JSON.parse(summaryText) as GameSummary;
        if (summary.status !== 'waiting' || (!query.includeReserved && reserved === '1')) continue;
        const timeControl = pgnTimeControl(summary.timeControl);
        if (query.timeControl !== undefined && timeControl !== query.timeControl) continue;
        found.push({ id: summary.id, timeControl, createdAt: summary.createdAt });
        if (found.length >= query.limit) return found;
      }
      if (ids.length < LIST_BATCH) return found;
    }
  }

  async dueGames(): Promise<DueGame[]> {
    const flat = await this.redis.zrange(this.keys.due, 0, -1, 'WITHSCORES');
    const due: DueGame[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) due.push({ id: flat[i]!, dueAt: Number(flat[i + 1]) });
    return due;
  }

  async claimDue(nowMs: number, leaseMs: number, limit: number): Promise<string[]> {
    const leaseEnd = nowMs + leaseMs;
    const ids = await this.redis.rookeryClaim(this.keys.due, String(nowMs), String(leaseEnd), String(limit));
    for (const id of ids) this.leases.set(id, leaseEnd);
    return ids;
  }

  async rescheduleDue(id: string, dueAt: number | null): Promise<void> {
    const lease = this.leases.get(id);
    if (lease === undefined) return;
    this.leases.delete(id);
    await this.redis.rookeryReschedule(this.keys.due, id, String(lease), dueAt === null ? '' : String(dueAt));
  }

  async notePresence(entries: ReadonlyMap<string, number>): Promise<void> {
    if (entries.size === 0) return;
    const args: (string | number)[] = [];
    for (const [id, atMs] of entries) args.push(atMs, id);
    await this.redis.zadd(this.keys.presence, 'GT', ...args);
  }

  async presenceOf(ids: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (ids.length === 0) return found;
    const scores = await this.redis.zmscore(this.keys.presence, ...ids);
    ids.forEach((id, i) => {
      const score = scores[i];
      if (score !== null && score !== undefined) found.set(id, Number(score));
    });
    return found;
  }

  async withLock<T>(name: string, ttlMs: number, task: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}lock:${name}`;
    const holder = randomBytes(12).toString('base64url');
    const giveUpAt = Date.now() + 2 * ttlMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 50)) {
      const taken = await this.redis.set(key, holder, 'PX', ttlMs, 'NX');
      if (taken === 'OK') break;
      if (Date.now() > giveUpAt) throw new Error(`the lock ${name} stayed taken for ${2 * ttlMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait));
    }
    try {
      return await task();
    } finally {
      await this.redis.rookeryUnlock(key, holder).catch(() => 0);
    }
  }

  async noteMadeBy(address: string, id: string): Promise<void> {
    const key = this.madeByKey(address);
    await this.redis.multi().zadd(key, Date.now(), id).expire(key, MADE_BY_TTL_SECONDS).exec();
  }

  async waitingMadeBy(address: string): Promise<string[]> {
    const key = this.madeByKey(address);
    const ids = await this.redis.zrange(key, 0, -1);
    const summaries = await this.summaries(ids);
    const gone = ids.filter((_id, i) => summaries[i]?.status !== 'waiting');
    if (gone.length > 0) await this.redis.zrem(key, ...gone);
    return ids.filter((_id, i) => summaries[i]?.status === 'waiting');
  }

  async markAlive(atMs: number): Promise<void> {
    await this.redis.rookeryAlive(this.keys.alive, String(atMs));
  }

  async lastAlive(): Promise<number | null> {
    const stored = await this.redis.get(this.keys.alive);
    return stored === null ? null : Number(stored);
  }

  /** Ids of the finished games, oldest first (for `npm run export`). */
  async finishedGameIds(): Promise<string[]> {
    return this.redis.zrange(this.keys.status.finished, 0, -1);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connections.close();
  }

  // ---- internals ----

  /** A single Redis: the compare-and-set, the index entries and the bus message in one script. */
  private async commitIndexed(change: GameChange, announcement: string): Promise<CommitResult> {
    const { record, summary } = change;
    const reserved = record.reservedSeat !== null;
    const applied = await this.redis.rookeryCommitIndexed(
      this.gameKey(change.id),
      this.movesKey(change.id),
      ...this.indexKeyList(),
      String(change.baseVersion),
      String(record.version),
      JSON.stringify(headOf(record)),
      JSON.stringify(summary),
      reserved ? '1' : '0',
      String(record.moves.length - change.newMoves.length),
      this.channel,
      announcement,
      change.id,
      String(Date.parse(summary.createdAt)),
      summary.status,
      summary.status === 'waiting' && !reserved ? '1' : '0',
      change.dueAt === null ? '' : String(change.dueAt),
      ...change.newMoves.map((move) => JSON.stringify(move)),
    );
    if (applied === 1) return ok(undefined);
    const stored = await this.versionOf(change.id);
    return fail('version_conflict', `game ${change.id} is at version ${stored}, not ${change.baseVersion}`);
  }

  /** The index keys in the order the scripts take them. */
  private indexKeyList(): string[] {
    const { all, status, open, due, ver } = this.keys;
    return [all, status.waiting, status.active, status.finished, open, due, ver];
  }

  private gameKey(id: string): string {
    return `${this.prefix}{${id}}:g`;
  }

  private madeByKey(address: string): string {
    return `${this.prefix}madeby:${address}`;
  }

  private movesKey(id: string): string {
    return `${this.prefix}{${id}}:m`;
  }

  /**
   * Write a game's index entries. `ahead` (before the commit): only add what the change may need, never remove, and
   * bring a clock deadline only earlier; otherwise (after it) the exact entries, unless a later version wrote them.
   */
  private async index(
    id: string,
    version: number,
    summary: GameSummary,
    reserved: boolean,
    dueAt: number | null,
    ahead: boolean,
  ): Promise<void> {
    const created = String(Date.parse(summary.createdAt));
    const open = summary.status === 'waiting' && !reserved;
    if (ahead) {
      const batch = this.redis.multi();
      batch.zadd(this.keys.all, created, id).zadd(this.keys.status[summary.status], created, id);
      if (open) batch.zadd(this.keys.open, created, id);
      if (dueAt !== null) batch.zadd(this.keys.due, 'LT', dueAt, id);
      await batch.exec();
      return;
    }
    const { all, status, open: openKey, due, ver } = this.keys;
    await this.redis.rookeryIndex(
      all,
      status.waiting,
      status.active,
      status.finished,
      openKey,
      due,
      ver,
      id,
      String(version),
      created,
      summary.status,
      open ? '1' : '0',
      dueAt === null ? '' : String(dueAt),
    );
  }

  /** The stored summaries of these games, in order (undefined for a game that is not there). */
  private async summaries(ids: readonly string[]): Promise<(GameSummary | undefined)[]> {
    const texts = await Promise.all(ids.map((id) => this.redis.hget(this.gameKey(id), 'summary')));
    return texts.map((text) => (text ? (JSON.parse(text) as GameSummary) : undefined));
  }
}

/** Open the store at `url`: connect, check the keyspace's layout (see redis-connection.ts). */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<RedisGameStore> {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  if (prefix.includes('{') || prefix.includes('}')) throw new Error('a Redis key prefix cannot contain { or }');
  const connections = await connectRedis(url, options);
  try {
    await checkRedisSchema(connections.client, prefix);
  } catch (error) {
    await connections.close();
    throw error;
  }
  return new RedisGameStore(connections, prefix);
}

function indexKeys(prefix: string) {
  const tagged = (name: string) => `${prefix}{idx}:${name}`;
  const status = Object.fromEntries(GAME_STATUSES.map((name) => [name, tagged(name)])) as Record<GameStatus, string>;
  return {
    all: tagged('all'),
    status,
    open: tagged('open'),
    due: tagged('due'),
    ver: tagged('ver'),
    presence: `${prefix}presence`,
    alive: `${prefix}alive`,
  };
}

function headOf(record: ReadonlyGameRecord): RecordHead {
  const { version: _version, moves: _moves, ...head } = record;
  return head as RecordHead;
}

/** Is `summary` after `cursor` in newest-first order (older, or as old with a smaller id)? */
function isOlder(summary: GameSummary, cursor: { createdAt: string; id: string }): boolean {
  if (summary.createdAt !== cursor.createdAt) return summary.createdAt < cursor.createdAt;
  return summary.id < cursor.id;
}
