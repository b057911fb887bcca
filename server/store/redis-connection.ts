/**
 * Connecting to Redis for the scale-out mode (`--redis URL`): one client for commands and one for the bus's
 * subscription, on a single server or a Redis Cluster (found out by asking the server, so the same URL form works
 * for both), and the start-up checks: the server answers, and its keyspace was not written by a newer Rookery.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** Commands go through either kind of client; both have the same command methods. */
export type RedisClient = Redis | Cluster;

/** The layout of the keys this version writes (see redis-store.ts); a newer layout is refused at start. */
export const REDIS_SCHEMA_VERSION = 1;

/** Default prefix of every key and channel, so that Rookery can share a Redis with other programs. */
export const DEFAULT_REDIS_PREFIX = 'rookery:';

/**
 * While Redis restarts (a few seconds with its AOF to load), commands wait for the reconnection, tried every 100 ms
 * to 1 s, rather than fail at once; after about 10 s of it, or a command Redis holds for 10 s, the request fails
 * with 503 and nothing is acknowledged. (A change whose answer timed out may still have been applied: the client's
 * retry with the same `ply` is then the documented safe retry.)
 */
const RESILIENCE = {
  maxRetriesPerRequest: 12,
  retryStrategy: (times: number) => Math.min(times * 100, 1000),
  commandTimeout: 10_000,
} satisfies RedisOptions;

/** Why Redis cannot be used: the message is for the operator (printed at start, exit 1). */
export class RedisStartupError extends Error {
  override readonly name = 'RedisStartupError';
}

export interface RedisConnections {
  /** Commands: games, indexes, locks, presence, heartbeats. */
  client: RedisClient;
  /** The bus's subscription (a client in subscriber mode can run no other command). */
  subscriber: RedisClient;
  /** Whether the server is a Redis Cluster. */
  cluster: boolean;
  /** Close both. Idempotent. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
}

/** `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS), as ioredis reads it. */
function validateUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisStartupError(`Invalid Redis URL "${url}": write it as redis://host:port (or rediss:// for TLS).`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisStartupError(`Invalid Redis URL "${url}": it must start with redis:// or rediss://.`);
  }
  return parsed;
}

/** The URL with its password hidden, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Connect to the Redis at `url`: ask whether it is a cluster node, and open the two clients of the right kind.
 * Rejects with a RedisStartupError when Redis does not answer in time.
 */
export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<RedisConnections> {
  const parsed = validateUrl(url);
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  const shown = redactRedisUrl(url);
  const base: RedisOptions = {
    connectTimeout: timeoutMs,
    ...RESILIENCE,
    lazyConnect: true,
  };
  const probe = new Redis(url, { ...base, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, a TLS or AUTH failure) says more than "Connection is closed".
  let socketError: Error | null = null;
  probe.on('error', (error: Error) => {
    socketError ??= error;
  });
  let cluster: boolean;
  try {
    await withTimeout(probe.connect(), timeoutMs, `Redis at ${shown} did not answer within ${timeoutMs} ms`);
    const info = await probe.info('cluster');
    cluster = /^cluster_enabled:1/mu.test(info);
  } catch (error) {
    probe.disconnect();
    if (error instanceof RedisStartupError) throw error;
    throw new RedisStartupError(`Cannot reach Redis at ${shown}: ${messageOf(socketError ?? error)}`);
  }
  if (!cluster) {
    probe.disconnect();
    const client = new Redis(url, base);
    const subscriber = new Redis(url, base);
    await Promise.all([client.connect(), subscriber.connect()]);
    return { client, subscriber, cluster, close: closer([client, subscriber]) };
  }
  probe.disconnect();
  const seed = { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) };
  const redisOptions: RedisOptions = {
    connectTimeout: timeoutMs,
    ...RESILIENCE,
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const clusterOptions = { redisOptions, lazyConnect: true, enableReadyCheck: true };
  const client = new Cluster([seed], clusterOptions);
  const subscriber = new Cluster([seed], clusterOptions);
  await Promise.all([client.connect(), subscriber.connect()]);
  return { client, subscriber, cluster, close: closer([client, subscriber]) };
}

/**
 * Check the keyspace's layout version under `prefix`: claim it when the keyspace is new, accept our own, refuse a
 * newer one (a newer Rookery wrote it: running this older one would misread or damage its data).
 */
export async function checkRedisSchema(client: RedisClient, prefix: string): Promise<void> {
  const key = `${prefix}schema`;
  await client.set(key, String(REDIS_SCHEMA_VERSION), 'NX');
  const stored = Number(await client.get(key));
  if (!Number.isInteger(stored) || stored < 1) {
    throw new RedisStartupError(`The Redis key ${key} holds "${stored}", not a Rookery schema version.`);
  }
  if (stored > REDIS_SCHEMA_VERSION) {
    throw new RedisStartupError(
      `The Redis keyspace "${prefix}" was written by a newer Rookery (layout ${stored}; this one knows ` +
        `${REDIS_SCHEMA_VERSION}). Upgrade this server, or use another --redis-prefix.`,
    );
  }
}

function closer(clients: RedisClient[]): () => Promise<void> {
  let closed: Promise<void> | null = null;
  return () => {
    closed ??= Promise.all(
      clients.map(async (client) => {
        try {
          await client.quit();
        } catch {
          client.disconnect();
        }
      }),
    ).then(() => undefined);
    return closed;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RedisStartupError(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
