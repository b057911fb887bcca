/**
 * Server settings from flags and environment variables (flags win), with embedded defaults.
 */
import { readFlags, usageError, type CliResult } from '../shared/cli-flags.js';
import { ok } from '../shared/result.js';
import { LIMITS } from '../shared/vocabulary.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** Seconds between meta refreshes on pages that wait (web client). */
  refreshSeconds: number;
  logLevel: string;
  /** Log one line per request (method, path, status, time); errors and 5xx are logged either way. */
  accessLog: boolean;
  /** Requests per minute per client address on /api; 0: no limit. */
  rateLimitPerMinute: number;
  /** Games made per minute per client address (API and forms); 0: no limit. */
  creationsPerMinute: number;
  /** The SQLite data file (relative to the working directory), or `:memory:` to keep nothing. */
  dataPath: string;
  /** Limit for each side's first move of a realtime game, in seconds (API.md v1.1: 30). */
  firstMoveSeconds: number;
  /** A realtime or untimed waiting game nobody asked about for this many seconds expires. */
  abandonSeconds: number;
  /** The per-address caps (live feeds, long polls) apply; off for load tests from one address. */
  clientLimits: boolean;
  /**
   * Scale-out: the Redis URL (`redis://host:port`) that the store, the bus and the clock deadlines of every process
   * of the deployment share (docs/scale-out.md), or null for one process on `dataPath`.
   */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel (default `rookery:`). */
  redisPrefix: string;
  /** Turns on the admin account routes (/api/admin/accounts); undefined: off. */
  adminToken: string | undefined;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses or CIDR ranges, or `loopback`),
   * so that limits count per client instead of per proxy; null: none, addresses are the connections' own.
   */
  trustProxy: string | null;
}

/**
 * Games one client address may make per minute by default (API and forms): a person pairs a few times an hour, a
 * bot once per game; lichess limits game creation per address the same way.
 */
export const DEFAULT_CREATIONS_PER_MINUTE = 60;

/** Bounds of --first-move-seconds and --abandon-seconds. */
const FIRST_MOVE_SECONDS = { default: 30, min: 1, max: 3600 } as const;
const ABANDON_SECONDS = { default: 60, min: 5, max: 86_400 } as const;

/** `--trust-proxy`: IPv4/IPv6 addresses or CIDR ranges, or proxy-addr's names (loopback, linklocal, uniquelocal). */
const TRUST_PROXY_ITEM = String.raw`(?:[0-9A-Fa-f.:]+(?:/\d{1,3})?|loopback|linklocal|uniquelocal)`;
const TRUST_PROXY_LIST = new RegExp(`^${TRUST_PROXY_ITEM}(?:,${TRUST_PROXY_ITEM})*$`, 'u');

/** Where games are kept when neither --data nor ROOKERY_DATA says otherwise. */
export const DEFAULT_DATA_PATH = 'data/rookery.db';

export const HELP = `Usage: npm start -- [options]

Rookery chess server: JSON API under /api, browser pages at /, live feed over WebSocket.

Options:
  --host HOST        address to listen on (env HOST, default 127.0.0.1;
                     use 0.0.0.0 to let other machines on your network play)
  --port PORT        TCP port (env PORT, default 8080; 0 picks a free port)
  --refresh SECONDS  how often waiting browser pages refresh (env ROOKERY_REFRESH, default ${LIMITS.refreshDefaultSeconds})
  --rate-limit N|off at most N requests per minute from one address (API and pages), answered
                     429 with Retry-After beyond it (env ROOKERY_RATE_LIMIT, default 0 = no such limit);
                     off also lifts the creation limit (for benchmarks)
  --creation-limit N|off
                     at most N new games per minute from one address, through the API or the forms
                     (env ROOKERY_CREATION_LIMIT, default ${DEFAULT_CREATIONS_PER_MINUTE})
  --data PATH        SQLite file that keeps every game (env ROOKERY_DATA, default
                     data/rookery.db under the working directory, created if missing;
                     :memory: keeps nothing, for throwaway runs)
  --redis URL        keep games in Redis instead (redis://host:port, rediss:// for TLS; a Redis
                     Cluster node works too), shared with every other Rookery process started with
                     the same URL, behind one load balancer (env ROOKERY_REDIS_URL; see
                     docs/scale-out.md); --data is then not used
  --redis-prefix P   prefix of every Redis key (env ROOKERY_REDIS_PREFIX, default rookery:)
  --first-move-seconds N
                     each side's first move of a realtime game must come within N seconds,
                     or the game is aborted (env ROOKERY_FIRST_MOVE_SECONDS, default ${FIRST_MOVE_SECONDS.default})
  --abandon-seconds N
                     a realtime or untimed game still waiting for a player expires (aborted)
                     when nobody has asked about it for N seconds; at least 3 page refreshes
                     (env ROOKERY_ABANDON_SECONDS, default ${ABANDON_SECONDS.default})
  --trust-proxy LIST behind a reverse proxy (nginx, docs/scale-out.md): believe X-Forwarded-For from
                     these addresses (comma-separated IPs or CIDR ranges, or loopback), so that the
                     limits count per client, not per proxy (env ROOKERY_TRUST_PROXY, default none)
  --client-limits on|off
                     caps per client address: 200 live feeds and 200 long polls at once
                     (env ROOKERY_CLIENT_LIMITS, default on; off for load tests from one machine)
  --admin-token T    turns on the admin account routes (/api/admin/accounts, docs/lichess-bots.md) for
                     requests with "Authorization: Bearer T" (env ROOKERY_ADMIN_TOKEN; default off)
  --log-level LEVEL  fatal, error, warn, info, debug or silent (env LOG_LEVEL, default info)
  --access-log       log one line per request: method, path (secrets redacted), status, time
                     (env ROOKERY_ACCESS_LOG=1; default off: errors and 5xx answers are always logged)
  -h, --help         show this help and exit

The server logs errors (and each request with --access-log) as JSON lines on stdout, and stops cleanly on
Ctrl-C (SIGINT) or SIGTERM.
`;

/** The settings, or `help` / `usage` (shared/cli-flags.ts). */
export type ConfigResult = CliResult<ServerConfig>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Read settings from argv and env; never exits (main.ts decides what to do with help and errors). */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): ConfigResult {
  const flags = readFlags(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    refresh: { type: 'string' },
    'log-level': { type: 'string' },
    'rate-limit': { type: 'string' },
    data: { type: 'string' },
    'access-log': { type: 'boolean' },
    'first-move-seconds': { type: 'string' },
    'abandon-seconds': { type: 'string' },
    'client-limits': { type: 'string' },
    'creation-limit': { type: 'string' },
    redis: { type: 'string' },
    'redis-prefix': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'admin-token': { type: 'string' },
  });
  if (!flags.ok) return flags;
  const values = flags.value;

  const host = values.host ?? env['HOST'] ?? '127.0.0.1';
  const portText = values.port ?? env['PORT'] ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/u.test(portText) || port > 65535) return usageError(`Invalid port "${portText}": use 0..65535.`);
  const refreshText = values.refresh ?? env['ROOKERY_REFRESH'] ?? String(LIMITS.refreshDefaultSeconds);
  const refreshSeconds = Number(refreshText);
  if (!/^\d+$/u.test(refreshText) || refreshSeconds < 1 || refreshSeconds > LIMITS.refreshMaxSeconds) {
    return usageError(`Invalid refresh "${refreshText}": use whole seconds, 1..${LIMITS.refreshMaxSeconds}.`);
  }
  const logLevel = values['log-level'] ?? env['LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) return usageError(`Invalid log level "${logLevel}".`);
  const rateText = values['rate-limit'] ?? env['ROOKERY_RATE_LIMIT'] ?? '0';
  const rateLimitPerMinute = rateText === 'off' ? 0 : Number(rateText);
  if (rateText !== 'off' && !/^\d+$/u.test(rateText)) {
    return usageError(`Invalid rate limit "${rateText}": use a whole number, or off.`);
  }
  const creationText =
    values['creation-limit'] ?? env['ROOKERY_CREATION_LIMIT'] ?? String(DEFAULT_CREATIONS_PER_MINUTE);
  if (creationText !== 'off' && !/^\d+$/u.test(creationText)) {
    return usageError(`Invalid creation limit "${creationText}": use a whole number, or off.`);
  }
  const dataPath = values.data ?? env['ROOKERY_DATA'] ?? DEFAULT_DATA_PATH;
  if (dataPath.trim() === '') return usageError('Invalid data path "": give a file path or :memory:.');
  const accessLogText = env['ROOKERY_ACCESS_LOG'] ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(accessLogText)) {
    return usageError(`Invalid ROOKERY_ACCESS_LOG "${accessLogText}": use 1 or 0.`);
  }
  const accessLog = values['access-log'] ?? (accessLogText === '1' || accessLogText === 'true');
  const firstMove = secondsSetting(
    'first-move seconds',
    values['first-move-seconds'] ?? env['ROOKERY_FIRST_MOVE_SECONDS'],
    FIRST_MOVE_SECONDS,
  );
  if (!firstMove.ok) return firstMove;
  const abandon = secondsSetting(
    'abandon seconds',
    values['abandon-seconds'] ?? env['ROOKERY_ABANDON_SECONDS'],
    ABANDON_SECONDS,
  );
  if (!abandon.ok) return abandon;
  const limitsText = values['client-limits'] ?? env['ROOKERY_CLIENT_LIMITS'] ?? 'on';
  if (limitsText !== 'on' && limitsText !== 'off') {
    return usageError(`Invalid client limits "${limitsText}": use on or off.`);
  }
  // `--rate-limit off` (benchmarks) and `--client-limits off` (load tests from one address) lift every limit.
  const redisText = values.redis ?? env['ROOKERY_REDIS_URL'] ?? '';
  if (redisText !== '' && !/^rediss?:\/\/[^\s]+$/u.test(redisText)) {
    return usageError(`Invalid Redis URL "${redisText}": write it as redis://host:port (rediss:// for TLS).`);
  }
  const redisPrefix = values['redis-prefix'] ?? env['ROOKERY_REDIS_PREFIX'] ?? 'rookery:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/u.test(redisPrefix)) {
    return usageError(`Invalid Redis prefix "${redisPrefix}": use 1-64 letters, digits, or : _ . -`);
  }
  const trustText = values['trust-proxy'] ?? env['ROOKERY_TRUST_PROXY'] ?? '';
  if (trustText !== '' && !TRUST_PROXY_LIST.test(trustText)) {
    return usageError(
      `Invalid trust proxy "${trustText}": give addresses or CIDR ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8, or loopback.`,
    );
  }
  const creationsPerMinute =
    rateText === 'off' || limitsText === 'off' || creationText === 'off' ? 0 : Number(creationText);
  const adminToken = values['admin-token'] ?? env['ROOKERY_ADMIN_TOKEN'] ?? '';
  if (adminToken !== '' && adminToken.length < 16) {
    return usageError('The admin token must be at least 16 characters long.');
  }
  return ok({
    adminToken: adminToken === '' ? undefined : adminToken,
    creationsPerMinute,
    clientLimits: limitsText === 'on',
    host,
    port,
    refreshSeconds,
    logLevel,
    accessLog,
    rateLimitPerMinute,
    dataPath,
    firstMoveSeconds: firstMove.value,
    redisUrl: redisText === '' ? null : redisText,
    redisPrefix,
    trustProxy: trustText === '' ? null : trustText,
    // A waiting page refreshes every refreshSeconds: its game must outlive a few missed refreshes.
    abandonSeconds: Math.max(abandon.value, 3 * refreshSeconds),
  });
}

/** A whole number of seconds within bounds, or its default when not given. */
function secondsSetting(
  what: string,
  text: string | undefined,
  bounds: { default: number; min: number; max: number },
): CliResult<number> {
  if (text === undefined) return ok(bounds.default);
  const value = Number(text);
  if (!/^\d+$/u.test(text) || value < bounds.min || value > bounds.max) {
    return usageError(`Invalid ${what} "${text}": use whole seconds, ${bounds.min}..${bounds.max}.`);
  }
  return ok(value);
}
