/** Conditional GETs (RFC 9110 13.1.2): does an If-None-Match header name this ETag? Lists and weak forms allowed. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//u, '') === etag);
}
