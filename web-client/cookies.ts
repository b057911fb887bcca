/**
 * The web client's two small preferences live in cookies: whether auto-refresh is on, and the name last played
 * under (to fill in the name field). Neither is a credential: seats live in secret addresses, not cookies.
 */

/** Cookie names, written once. */
export const COOKIE_NAMES = { autoRefresh: 'rookery_refresh', name: 'rookery_name' } as const;

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** The cookies of a `Cookie` header as a map; malformed pairs are skipped. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index < 1) continue;
    const key = pair.slice(0, index).trim();
    const raw = pair.slice(index + 1).trim();
    try {
      cookies.set(key, decodeURIComponent(raw));
    } catch {
      // A value that is not valid percent-encoding is not one of ours.
    }
  }
  return cookies;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, whole site, kept a year (or deleted with `maxAge: 0`). */
export function makeCookie(name: string, value: string, maxAge = ONE_YEAR_SECONDS): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`;
}
