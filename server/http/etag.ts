/** Conditional GETs (RFC 9110 13.1.2): does an If-None-Match header name this ETag? Lists and weak forms allowed. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  // The common case first: a client sending back exactly the ETag it was given.
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//u, '') === etag);
}
