/**
 * Rate limits per client address, on @fastify/rate-limit (which also has the Redis store the scale-out mode needs):
 *
 * - **Game creation** (`POST /api/games`, quick pairing `POST /api/join`, and the pages' forms that make games:
 *   `POST /games`, `POST /play`, and challenges to bots: `POST /api/games/challenge`, `POST /challenge`): at most `creationsPerMinute` per address, on by default (`npm start`: 60), so that
 *   one client cannot fill the disk with games (lichess limits game and challenge creation per IP the same way);
 *   a person pairs a few times an hour, a bot once per game.
 * - **Every request** under `/api` and on the pages: `requestsPerMinute` per address, off unless asked for
 *   (`--rate-limit N`): moves and polls are already bounded per game (one change at a time, long polls and feeds
 *   capped per address), and a bot playing bullet makes several requests a second.
 *
 * Over a limit the answer is 429 `rate_limited` with `Retry-After` (API: JSON; pages: a readable page). `/healthz`
 * and `/readyz` are never limited.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RedisClient } from '../store/redis-connection.js';

export interface RateLimits {
  /** Game creations per minute per address; 0: no limit. */
  creationsPerMinute: number;
  /** Requests per minute per address; 0: no limit. */
  requestsPerMinute: number;
  /**
   * Scale-out: count in this Redis (the deployment's own), so that every process counts the same requests and a
   * client cannot get N times the limit by spreading its requests over N processes. Absent: in this process.
   */
  redis?: { client: RedisClient; prefix: string };
}

/** Routes that make a game. */
const CREATION = [
  /^\/api\/games\/?(?:\?.*)?$/u,
  /^\/api\/join\/?(?:\?.*)?$/u,
  /^\/games\/?(?:\?.*)?$/u,
  /^\/play\/?(?:\?.*)?$/u,
  /^\/(?:api\/games\/)?challenge\/?(?:\?.*)?$/u,
];

/** Does this request make a game (API or form)? */
export function isCreation(request: FastifyRequest): boolean {
  return request.method === 'POST' && CREATION.some((pattern) => pattern.test(request.url));
}

const NEVER_LIMITED = /^\/(?:healthz|readyz)(?:[/?].*)?$/u;

/** Install the limits that are on; nothing when both are 0. */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  if (!limits.creationsPerMinute && !limits.requestsPerMinute) return;
  await app.register(rateLimit, {
    global: true,
    ...(limits.redis ? { redis: limits.redis.client, nameSpace: `${limits.redis.prefix}rate:` } : {}),
    timeWindow: 60_000,
    // Creations are counted on their own, so that polls and moves never use up a player's next pairing.
    keyGenerator: (request) => `${isCreation(request) ? 'create' : 'any'}|${request.ip}`,
    max: (_request, key) => {
      const limit = key.startsWith('create|') ? limits.creationsPerMinute : limits.requestsPerMinute;
      return limit || Number.MAX_SAFE_INTEGER;
    },
    allowList: (request) => NEVER_LIMITED.test(request.url),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    onExceeded: (request, key) => {
      request.log.warn({ remoteAddress: request.ip, limit: key.split('|')[0] }, 'rate limited');
    },
    errorResponseBuilder: (request, context) => {
      const creation = isCreation(request);
      const what = creation ? 'new games' : 'requests';
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      // Thrown as an error: the error handler answers it in the API's shape, or as a page.
      return Object.assign(
        new Error(`Too many ${what} from this address: the limit is ${context.max} per minute. Retry in ${seconds} s.`),
        { statusCode: 429 },
      );
    },
  });
}
