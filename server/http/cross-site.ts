/**
 * Forms posted from another site are refused, on every page route at once: a page anywhere on the web could
 * otherwise make a visitor's browser create games or play here with a plain `<form method=post>` or a no-cors
 * `fetch` (CSRF). The API is not exposed to that: it takes JSON only, which another site can send only after a
 * CORS preflight that this server never grants. Programs send neither header read here, so curl, bots and the
 * terminal client are not affected.
 *
 * Browsers say where a request comes from in `Sec-Fetch-Site`, which is the test when present. Without it (older
 * browsers) `Origin` must name this host; `Origin: null`, which browsers send from pages with `Referrer-Policy:
 * no-referrer` (the player pages, whose secret address already protects their forms), is left to the routes (the
 * lobby's refuse it).
 */
import type { FastifyRequest } from 'fastify';
import { isCrossSite } from '../../web-client/security.js';

/** Does this unsafe request come from a page of another site? */
export function isCrossSitePost(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'cross-site' || site === 'same-site';
  const origin = request.headers.origin;
  return origin !== undefined && origin !== 'null' && isCrossSite(request);
}
