/**
 * The status poll's fast path: `GET /api/games/{id}/status` (and `/api/games/{id}`) with no query string, for a
 * game whose committed snapshot is in the service's cache, answered straight from the snapshot's bytes before the
 * request enters Fastify. A poll is the most frequent request a server sees (every waiting client, every 1-2 s),
 * and the answer is already made: an ETag to compare and a body serialised once per version. Fastify's routing,
 * validation and reply pipeline cost more than that work itself.
 *
 * The answer is the same as the route's (api-routes.ts `status`): the same status codes, headers and body bytes; a
 * test compares the two. Anything else falls through to Fastify: a query string (long polls, probes), an id the
 * route would refuse, a game not in the cache, HEAD, and every request while a hook must see it (the rate limit,
 * the access log) or while the server is closing. The security headers every API answer carries (helmet's, in
 * api-routes.ts) are learnt from the route's first status answer (`learnHeaders`): until then everything falls
 * through, so the two can never differ.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../shared/vocabulary.js';
import type { GameService } from '../service/game-service.js';
import { matchesEtag } from './etag.js';

/** `/api/games/{id}` or `/api/games/{id}/status`, with an id the route's schema accepts, and nothing after. */
const STATUS_PATH = new RegExp(`^/api/games/([A-Za-z0-9_-]{1,${LIMITS.gameIdMaxLength}})(?:/status)?$`, 'u');

export interface StatusFastPath {
  /** Answer the request if it is a plain status poll of a cached game; false to let Fastify answer it. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** The headers the route's status answers carry besides their own (security headers), learnt once. */
  learnHeaders(headers: Record<string, unknown>): void;
  /** Has it learnt them (so that it answers)? */
  readonly ready: boolean;
  /** How many answers it made. */
  readonly served: number;
  /** From now on let every request through to Fastify (shutdown: its 503 and connection handling apply). */
  disable(): void;
}

/** Headers the fast path writes itself for each answer. */
const OWN_HEADERS = new Set(['content-type', 'content-length', 'etag', 'cache-control', 'date', 'connection']);

export function makeStatusFastPath(service: GameService, options: { enabled: boolean }): StatusFastPath {
  let enabled = options.enabled;
  let extra: Record<string, string> | null = null;
  let served = 0;
  return {
    get served() {
      return served;
    },
    get ready() {
      return extra !== null;
    },
    learnHeaders(headers) {
      if (extra) return;
      const learnt: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) {
        if (typeof value === 'string' && !OWN_HEADERS.has(name.toLowerCase())) learnt[name.toLowerCase()] = value;
      }
      extra = learnt;
    },
    handle(request, response) {
      if (!enabled || !extra || request.method !== 'GET') return false;
      const url = request.url ?? '';
      const match = STATUS_PATH.exec(url);
      if (!match) return false;
      const snapshot = service.cachedSnapshot(match[1]!);
      if (!snapshot) return false;
      if (matchesEtag(request.headers['if-none-match'], snapshot.etag)) {
        response.writeHead(304, { ...extra, etag: snapshot.etag, 'cache-control': 'no-cache' });
        response.end();
        served += 1;
        return true;
      }
      const body = snapshot.bodyAt(service.nowMs());
      response.writeHead(200, {
        ...extra,
        'content-type': 'application/json; charset=utf-8',
        etag: snapshot.etag,
        'cache-control': 'no-cache',
        'content-length': body.length,
      });
      response.end(body);
      served += 1;
      return true;
    },
    disable() {
      enabled = false;
    },
  };
}
