/**
 * Headers every page carries, and the cross-site check for the forms that carry no secret.
 *
 * - CSP `default-src 'self'` with no script at all: the pages need none, and an injected one could not run.
 * - No page may be framed by another site; only the small status frame (status-frame.tsx) may be framed, and
 *   only by this site's own game pages (`frame-ancestors 'self'`, `X-Frame-Options: SAMEORIGIN`).
 * - Player pages (whose address is a seat's secret) send `Referrer-Policy: no-referrer` and `Cache-Control:
 *   no-store`; other pages send `same-origin`, so that their own form posts carry a real `Origin` to check, and
 *   `no-cache` (stored, but revalidated with their ETag every time).
 * - Posts under a player address are safe from cross-site forgery because a forger cannot know the secret; the
 *   lobby's posts (play, new game, join) are checked against the `Origin` header instead.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

function policy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = policy("'none'");
/** The status frame's policy: the same, except that this site's own pages may frame it. */
export const FRAME_CONTENT_SECURITY_POLICY = policy("'self'");

/** How a page may be shown: `isSecret` for pages whose address holds a seat's secret; `framable` for the status frame. */
export interface PageHeaderOptions {
  isSecret: boolean;
  framable?: boolean;
}

/** Set the security headers of an HTML page. */
export function applyPageHeaders(reply: FastifyReply, options: PageHeaderOptions): FastifyReply {
  const framable = options.framable === true;
  return (
    reply
      .header('Content-Security-Policy', framable ? FRAME_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY)
      .header('Referrer-Policy', options.isSecret ? 'no-referrer' : 'same-origin')
      .header('X-Content-Type-Options', 'nosniff')
      .header('X-Frame-Options', framable ? 'SAMEORIGIN' : 'DENY')
      // Seat pages are never stored; others may be, but are checked every time (their ETag makes that cheap).
      .header('Cache-Control', options.isSecret ? 'no-store' : 'no-cache')
  );
}

/**
 * Did this POST come from another site? Browsers send `Origin` on every form post; it must name this host. A
 * request without `Origin` is not a browser's cross-site form (curl, tests), so it passes.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  // Seat pages are sent with `Referrer-Policy: no-referrer`, so their own posts say `Origin: null`; the browser's
  // `Sec-Fetch-Site` (which no page can set) then tells whether the form was this site's.
  if (origin === 'null') return request.headers['sec-fetch-site'] !== 'same-origin';
  try {
    // Through URL on both sides, so that default ports compare equal (`localhost:80` and `http://localhost`).
    return new URL(origin).host !== new URL(`http://${request.host}`).host;
  } catch {
    // Garbage is not us.
    return true;
  }
}
