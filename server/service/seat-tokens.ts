/**
 * Seat tokens: 192 random bits, URL-safe. Only their SHA-256 is ever kept; comparisons are constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new seat token (32 URL-safe characters, 192 bits from the OS's CSPRNG). */
export function makeSeatToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Hex SHA-256 of a token: what stores keep. */
export function hashSeatToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Does `token` hash to `expectedHash`? Constant-time in the hash, whatever the token. */
export function tokenMatches(token: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSeatToken(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A new game id: 12 URL-safe characters (72 random bits), unguessable enough to list publicly. */
export function makeGameId(): string {
  return randomBytes(9).toString('base64url');
}
