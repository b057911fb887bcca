/**
 * Entry point: read settings, open the store, build the app, listen, and shut down cleanly on SIGINT/SIGTERM
 * (stop accepting, let in-flight requests finish, close the store, exit 0).
 *
 * Only the flag parser is imported up front: `--help`, a bad flag or a refused data file answer at once instead of
 * after the whole app (Fastify, React, chess.js) has loaded.
 */
import { HELP, parseConfig } from './config.js';

const parsed = parseConfig(process.argv.slice(2), process.env);
if (!parsed.ok) {
  if (parsed.code === 'help') {
    process.stdout.write(HELP);
    process.exit(0);
  }
  process.stderr.write(`rookery: ${parsed.message}\n\n${HELP}`);
  process.exit(2);
}
const config = parsed.value;

// React renders the pages about three times faster in production mode; tests and development may still set
// NODE_ENV themselves.
process.env['NODE_ENV'] ??= 'production';

const { IN_MEMORY, openSqliteStore } = await import('./store/sqlite-store.js');
const { MemoryGameStore } = await import('./store/memory-store.js');

// Games live in a SQLite file by default; a file that is not ours, damaged, newer, or in use stops us here, untouched.
// `--data :memory:` keeps them in this process only. `--redis URL` shares them (and the bus) with other processes.
let store: import('./store/game-store.js').GameStore;
let bus: import('./bus/game-bus.js').GameBus | null = null;
let redisClient: import('./store/redis-connection.js').RedisClient | undefined;
let keptIn: string;
if (config.redisUrl !== null) {
  const { openRedisStore } = await import('./store/redis-store.js');
  const { redactRedisUrl } = await import('./store/redis-connection.js');
  const { RedisBus } = await import('./bus/redis-bus.js');
  try {
    const redis = await openRedisStore(config.redisUrl, { prefix: config.redisPrefix });
    store = redis;
    redisClient = redis.connections.client;
    bus = await RedisBus.open(redis.connections.subscriber, redis.channel);
    const kind = redis.connections.cluster ? 'the Redis Cluster at' : 'Redis at';
    keptIn = `Games are kept in ${kind} ${redactRedisUrl(config.redisUrl)} (keys ${config.redisPrefix}*)`;
  } catch (error) {
    process.stderr.write(`rookery: ${(error as Error).message}\n`);
    process.exit(1);
  }
} else if (config.dataPath === IN_MEMORY) {
  store = new MemoryGameStore();
  keptIn = 'Games are kept in memory only (--data :memory:)';
} else {
  const opened = openSqliteStore(config.dataPath);
  if (!opened.ok) {
    process.stderr.write(`rookery: ${opened.message}\n`);
    process.exit(1);
  }
  store = opened.value;
  keptIn = `Games are kept in ${opened.value.path}`;
}

// Accounts of the lichess Bot API live in the same data file (schema v4), on a connection of their own, or in the
// deployment's Redis with --redis.
let accountStore: import('./accounts/account-store.js').AccountStore | undefined;
if (redisClient) {
  const { RedisAccountStore } = await import('./accounts/redis-account-store.js');
  accountStore = new RedisAccountStore(redisClient, config.redisPrefix);
} else if (config.dataPath !== IN_MEMORY) {
  const { openSqliteAccountStore } = await import('./accounts/sqlite-account-store.js');
  const openedAccounts = openSqliteAccountStore(config.dataPath);
  if (!openedAccounts.ok) {
    process.stderr.write(`rookery: ${openedAccounts.message}\n`);
    process.exit(1);
  }
  accountStore = openedAccounts.value;
}

const { buildApp } = await import('./http/app.js');
const { restoreActiveGames } = await import('./store/sqlite-restore.js');
const { GameService } = await import('./service/game-service.js');
const { InProcessBus } = await import('./bus/in-process-bus.js');
const { systemTime, TimerScheduler } = await import('./schedule/time.js');

// One process: the in-process bus and Node's timers; with Redis, the Redis bus (the clock deadlines are shared
// through the store). The service gets them passed in, so other backends drop in.
const service = new GameService({
  store,
  bus: bus ?? new InProcessBus(),
  time: systemTime,
  scheduler: new TimerScheduler(systemTime),
  firstMoveMs: config.firstMoveSeconds * 1000,
  abandonMs: config.abandonSeconds * 1000,
});

const app = await buildApp({
  service,
  logger: { level: config.logLevel },
  accessLog: config.accessLog,
  refreshSeconds: config.refreshSeconds,
  rateLimitPerMinute: config.rateLimitPerMinute,
  creationsPerMinute: config.creationsPerMinute,
  clientLimits: config.clientLimits,
  ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
  ...(redisClient ? { rateLimitRedis: { client: redisClient, prefix: config.redisPrefix } } : {}),
  ...(accountStore ? { accounts: accountStore } : {}),
  ...(config.adminToken ? { adminToken: config.adminToken } : {}),
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info(`${signal} received: finishing in-flight requests, then stopping`);
  // A request that never finishes must not keep the process alive forever.
  const deadline = setTimeout(() => {
    app.log.error('shutdown took over 10 s; exiting');
    process.exit(1);
  }, 10_000);
  deadline.unref();
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  const address = await app.listen({ host: config.host, port: config.port });
  const shown =
    config.host === '0.0.0.0' || config.host === '::'
      ? address.replace(/\/\/[^:/]+|\/\/\[[^\]]+\]/u, "//<this machine's address>")
      : address;
  app.log.info(`Rookery is listening on ${address}`);
  process.stdout.write(`Rookery is serving at ${shown}/ (API under ${address}/api)\n`);
  process.stdout.write(`${keptIn}\n`);
} catch (error) {
  app.log.error({ err: error }, 'could not start');
  await service.close();
  process.stderr.write(`rookery: could not listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
  process.exit(1);
}

// Rebuild the active games now rather than on their players' first requests (finished ones load on demand).
void restoreActiveGames(
  store,
  async (gameId) => {
    if (!(await service.warm(gameId))) throw new Error(`game ${gameId} is listed but cannot be read`);
  },
  {
    limit: 1000,
    isStopping: () => stopping,
    onError: (gameId, error) => app.log.error({ err: error, gameId }, 'could not restore a game'),
  },
).then(
  (report) => {
    if (report.restored + report.failed > 0) app.log.info(report, 'active games restored');
  },
  (error: unknown) => app.log.error({ err: error }, 'restoring active games stopped'),
);
