/**
 * The fixed word lists of the API, each written once as an `as const` array with its union type derived from it.
 * Schemas (shared/api-schema.ts), the domain and the clients all take their values from here.
 */

/** The two sides. */
export const COLORS = ['white', 'black'] as const;
/** `"white"` or `"black"`. */
export type Color = (typeof COLORS)[number];

/** Lifecycle of a game: `waiting` while a seat is free, `active` with both seats taken, `finished` at the end. */
export const GAME_STATUSES = ['waiting', 'active', 'finished'] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

/** PGN results; `*` while the game goes on (and for aborted games). */
export const RESULTS = ['*', '1-0', '0-1', '1/2-1/2'] as const;
export type GameResult = (typeof RESULTS)[number];

/** Why a finished game ended. */
export const TERMINATIONS = [
  'checkmate',
  'stalemate',
  'resignation',
  'agreement',
  'threefold_repetition',
  'fivefold_repetition',
  'fifty_move_rule',
  'seventy_five_move_rule',
  'insufficient_material',
  'timeout',
  'aborted',
] as const;
export type Termination = (typeof TERMINATIONS)[number];

/** What `POST /api/games/{id}/draw` can do (`withdraw` takes back your own open offer). */
export const DRAW_ACTIONS = ['offer', 'accept', 'decline', 'claim', 'withdraw'] as const;
export type DrawAction = (typeof DRAW_ACTIONS)[number];

/** Promotion pieces in UCI letters. */
export const PROMOTION_PIECES = ['q', 'r', 'b', 'n'] as const;
export type PromotionPiece = (typeof PROMOTION_PIECES)[number];

/** The other side. */
export function opponentOf(color: Color): Color {
  return color === 'white' ? 'black' : 'white';
}

/**
 * The standard start position in FEN, for the clients (a game's `initialFen` equals it unless the game was set up
 * from a position). The server's rules take theirs from chess.js (server/domain/chess-position.ts); a test pins
 * that the two are the same text.
 */
export const START_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

/** Strict UCI move syntax: from, to and an optional lowercase promotion piece. */
export const UCI_MOVE_PATTERN = /^([a-h][1-8])([a-h][1-8])([qrbn])?$/;

/** Game ids are URL-safe base64 text (JSON Schema `pattern`; the length limit is LIMITS.gameIdMaxLength). */
export const GAME_ID_PATTERN = '^[A-Za-z0-9_-]+$';

/** Limits that the schemas and the pages share. */
export const LIMITS = {
  /** Longest game id accepted in a path or on a command line. */
  gameIdMaxLength: 64,
  /** Longest player name, in characters. */
  nameMaxLength: 40,
  /** Longest move text accepted by the API (SAN like `exd8=Q+` is 7). */
  moveMaxLength: 16,
  /** Longest FEN accepted (a legal FEN is under 100 characters). */
  fenMaxLength: 120,
  /** Default and maximum size of a game listing. */
  listDefault: 50,
  listMax: 200,
  /** Long-poll wait when a request gives none (and the typed client's wait), and the longest, in seconds. */
  waitDefaultSeconds: 30,
  waitMaxSeconds: 60,
  /** Seconds between refreshes of a waiting web page: the default of `--refresh`, and its largest value. */
  refreshDefaultSeconds: 2,
  refreshMaxSeconds: 3600,
  /** Largest request body, in bytes. */
  bodyLimitBytes: 64 * 1024,
} as const;
