/**
 * Forms posted from another site are refused, on every page route at once: a page anywhere on the web could
 * otherwise make a visitor's browser create games or play here with a plain `<form method=post>` or a no-cors
 * `fetch` (CSRF). The API is not exposed to that: it takes JSON only, which another site can send only after a
 * CORS preflight that this server never grants. Browsers say where a request comes from in `Sec-Fetch-Site` and
 * `Origin` (the web client's `isCrossSite` reads the latter); programs send neither, so curl, bots and the terminal
 * client are not affected.
 */
import type { FastifyRequest } from 'fastify';
import { isCrossSite } from '../../web-client/security.js';

/** Does this unsafe request come from a page of another site? */
export function isCrossSitePost(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const site = request.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site' || isCrossSite(request);
}
