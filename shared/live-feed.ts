/**
 * The live feed's wire words, shared by the server (server/http/events-route.ts) and the typed client's
 * `watch()`: the path and the close codes. Messages from the server are GameState JSON texts, or an
 * `{"error": {code, message}}` answer to a client message the feed does not understand.
 */

/** Path of a game's live feed, e.g. `/api/games/Vq3kT9xw/events`. */
export function feedPath(gameId: string): string {
  return `/api/games/${encodeURIComponent(gameId)}/events`;
}

/**
 * Close codes the server sends. 1001 is RFC 6455's "going away"; the 4000-range codes are Rookery's own, so a
 * client can tell them apart from transport failures.
 */
export const FEED_CLOSE_CODES = {
  /** The server is shutting down: reconnect later, or fall back to polling. */
  goingAway: 1001,
  /** The game does not exist (normally refused with a 404 before the upgrade). */
  gameNotFound: 4004,
  /** The client read more slowly than the game changed: the server will not buffer without bound. Reconnect. */
  slowConsumer: 4008,
  /**
   * The client sent messages faster than the feed allows (it expects none; a few a second are answered with an
   * error, a flood closes the socket). Do not reconnect at once: wait a few seconds.
   */
  tooManyMessages: 4029,
  /** The server failed to read the game (RFC 6455's "internal error"); reconnect later or poll. */
  serverError: 1011,
} as const;

export type FeedCloseCode = (typeof FEED_CLOSE_CODES)[keyof typeof FEED_CLOSE_CODES];

/** Default seconds between the server's pings; a peer that misses one whole interval is dropped. */
export const FEED_PING_INTERVAL_MS = 30_000;
