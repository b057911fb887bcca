/**
 * A per-client rate limit for /api: a token bucket per remote address, refilled continuously. Over the limit the
 * answer is 429 `rate_limited` with `Retry-After` (whole seconds until a request will be accepted again).
 * Off unless configured (`--rate-limit N` requests per minute): a local server should not throttle its own
 * players, and a public one picks its own figure.
 */
import type { FastifyInstance } from 'fastify';
import { isApiPath } from './error-handler.js';
import { sendError } from './problem.js';

export interface RateLimitOptions {
  /** Sustained requests per minute per client address; also the burst size. */
  perMinute: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Idle buckets are forgotten after this long (they would be full again anyway). */
const IDLE_MS = 60_000;

export function installRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const capacity = options.perMinute;
  const refillPerMs = capacity / 60_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  const sweep = setInterval(() => {
    const cutoff = now() - IDLE_MS;
    for (const [key, bucket] of buckets) if (bucket.updatedAt < cutoff) buckets.delete(key);
  }, IDLE_MS);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url) || request.url.startsWith('/healthz') || request.url.startsWith('/readyz')) return;
    const key = request.ip;
    const time = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, updatedAt: time };
    bucket.tokens = Math.min(capacity, bucket.tokens + (time - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = time;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    reply.header('Retry-After', String(retryAfter));
    return sendError(
      reply,
      'rate_limited',
      `Too many requests from this address: the limit is ${capacity} per minute. Retry in ${retryAfter} s.`,
    );
  });
}
