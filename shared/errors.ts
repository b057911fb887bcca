/**
 * Every error code the API can answer with, and the HTTP status each maps to.
 *
 * This table is the single source: the server's error handler, the OpenAPI document, the typed client and the
 * docs all derive from it. The first group is the v1 contract of API.md; the second group are Rookery's
 * additions for situations API.md does not name (documented in docs/api.md).
 */
export const ERROR_STATUS = {
  // API.md v1
  invalid_request: 400,
  invalid_fen: 400,
  unauthorized: 401,
  game_not_found: 404,
  game_full: 409,
  color_taken: 409,
  not_your_turn: 409,
  game_over: 409,
  stale_ply: 409,
  payload_too_large: 413,
  illegal_move: 422,
  rate_limited: 429,
  internal: 500,
  // Rookery additions
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  request_timeout: 408,
  unsupported_media_type: 415,
  uri_too_long: 414,
  upgrade_required: 426,
  headers_too_large: 431,
  game_not_started: 409,
  no_draw_offer: 409,
  draw_not_claimable: 409,
  cannot_abort: 409,
  seat_reserved: 409,
  game_in_progress: 409,
  no_opponent: 409,
  unavailable: 503,
} as const;

/** A machine-readable error code, e.g. `"illegal_move"`. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** All error codes, in table order. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Is `value` one of Rookery's error codes? */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

export { fail, ok, type Failure, type Result, type Success } from './result.js';
