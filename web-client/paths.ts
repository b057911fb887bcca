/**
 * Every address the web client serves or links to, built in one place so that pages, routes and tests agree.
 * A seat's secret appears only in `playerPath` and its action paths: pages for anyone else never call them.
 */

/** The lobby. */
export const LOBBY_PATH = '/';
/** Quick pairing (POST), like `POST /api/join`. */
export const QUICK_PLAY_PATH = '/play';
/** Create a game and take a seat in it (POST). */
export const NEW_GAME_PATH = '/games';
/** The page to create a game with options (GET), e.g. from a FEN. */
export const NEW_GAME_FORM_PATH = '/new';
/** Choose or change the name this browser plays under (GET shows the form, POST saves it). */
export const NAME_PATH = '/name';
/** Turn auto-refresh on or off (POST). */
export const AUTO_REFRESH_PATH = '/auto-refresh';

/** The id of the game (status, board, panel) on game pages: addresses end with `#game` after a move or a refresh, so the page opens at the status line and the next Tab is a square (see docs/web.md). */
export const GAME_ANCHOR = 'game';

/**
 * Where a game page reloads itself to (meta refresh, the Refresh button): the page's address landing on the game,
 * alternating `?r=1` with none. Going to the very address already shown, `#game` included, would only scroll.
 */
export function reloadPath(path: string, reloaded: boolean): string {
  const url = new URL(path, 'http://page.invalid');
  if (reloaded) url.searchParams.delete('r');
  else url.searchParams.set('r', '1');
  return `${url.pathname}${url.search}#${GAME_ANCHOR}`;
}

/** The readable API reference the footer links to (docs/api.md, served as text). */
export const API_DOCS_PATH = '/docs/api';

/** The spectator page of a game (also where a shared link lets a friend join). */
export function spectatorPath(gameId: string): string {
  return `/games/${encodeURIComponent(gameId)}`;
}

/** Take a seat in this game (POST). */
export function joinPath(gameId: string): string {
  return `${spectatorPath(gameId)}/join`;
}

/** The PGN download (the JSON API's route). */
export function pgnPath(gameId: string): string {
  return `/api/games/${encodeURIComponent(gameId)}/pgn`;
}

/** The secret player page of one seat: whoever has this address plays that seat. */
export function playerPath(gameId: string, secret: string): string {
  return `/play/${encodeURIComponent(gameId)}/${encodeURIComponent(secret)}`;
}

/** The self-refreshing status frame of a seat's page (GET): news while the page itself does not reload. */
export function playerStatusPath(gameId: string, secret: string): string {
  return `${playerPath(gameId, secret)}/status`;
}

/** The status frame of a spectator page (GET). */
export function spectatorStatusPath(gameId: string): string {
  return `${spectatorPath(gameId)}/status`;
}

/** What a player can do with a POST under the player page. */
export const PLAYER_ACTIONS = ['move', 'resign', 'draw', 'abort', 'rematch'] as const;
export type PlayerAction = (typeof PLAYER_ACTIONS)[number];

/** The POST address of a player action, e.g. `/play/{id}/{secret}/move`. */
export function playerActionPath(gameId: string, secret: string, action: PlayerAction): string {
  return `${playerPath(gameId, secret)}/${action}`;
}

/** A path with a query string made of the defined entries only. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Is `path` a local page to go back to after a POST? Only same-site absolute paths: no scheme, no `//host`,
 * no backslashes (which some browsers read as slashes).
 */
export function isLocalPath(path: unknown): path is string {
  return typeof path === 'string' && /^\/(?![/\\])[^\\\s]*$/u.test(path) && path.length <= 512;
}
