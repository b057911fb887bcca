/**
 * Seat tokens of the lichess layer, derived instead of kept: HMAC-SHA256 of the game id and colour, keyed with the
 * credential the player presents (a bot's account token, a guest challenger's challenge secret). The game keeps only
 * the hash of the result, like any seat; the lichess layer recomputes it from the credential on every request. So
 * no raw secret is stored anywhere, a server restart loses nothing, and a revoked or replaced account token can no
 * longer act in the games it was seated with.
 */
import { createHmac } from 'node:crypto';
import type { Color } from '../../shared/vocabulary.js';

export function deriveSeatToken(credential: string, gameId: string, color: Color): string {
  return createHmac('sha256', credential).update(`rookery-seat\u0000${gameId}\u0000${color}`).digest('base64url');
}
