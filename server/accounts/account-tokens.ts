/**
 * Account tokens and names. A token is `rook_` and 48 hex digits (192 random bits from the OS's CSPRNG), so it
 * matches lichess's `^[A-Za-z0-9_]+$`; only its SHA-256 is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../shared/result.js';

/** A new account token, shown once. */
export function makeAccountToken(): string {
  return `rook_${randomBytes(24).toString('hex')}`;
}

/** Hex SHA-256 of a token: what stores keep. */
export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Could this be a token at all? (Anything else is refused before a store is asked.) */
export function isTokenShaped(text: string): boolean {
  return /^[A-Za-z0-9_]{1,200}$/u.test(text);
}

/**
 * lichess's rule for user names: 2 to 20 letters, digits, `_` and `-`, starting and ending with a letter or digit.
 * A guest's lichess identity always carries a space and parentheses (see lichess-players.ts), so no guest, whatever
 * display name they type, can be taken for an account by a bridge comparing names case-insensitively.
 */
const ACCOUNT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,18}[A-Za-z0-9])?$/u;

/** The account id of a name (its lowercase form), or why the name cannot be an account's. */
export function parseAccountName(name: string): Result<{ id: string; username: string }> {
  if (name.length < 2 || !ACCOUNT_NAME.test(name)) {
    return fail(
      'invalid_request',
      `"${name.slice(0, 40)}" cannot be an account name: use 2 to 20 letters, digits, _ or -, starting and ending with a letter or digit.`,
    );
  }
  return ok({ id: name.toLowerCase(), username: name });
}
