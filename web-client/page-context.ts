/**
 * What every page needs besides the game: settings, the browser's preferences and the asset addresses.
 * Built per request by the plugin; plain data so that components stay pure.
 */
export interface PageContext {
  /** Seconds between meta refreshes of a waiting page, e.g. `2` (`--refresh`). */
  refreshSeconds: number;
  /** The browser's choice (a cookie): false when the player turned auto-refresh off. */
  autoRefresh: boolean;
  /** Cache-busted asset addresses, e.g. `{stylesheet: '/assets/rookery.3f2a9c1e.css', favicon: '/assets/favicon.svg'}`. */
  assets: { stylesheet: string; favicon: string };
  /** The name this browser last played under (a cookie), to fill in the name field; '' when none. */
  rememberedName: string;
  /** Scheme and host the browser used, e.g. `http://192.168.1.20:8080`, for addresses shown to copy. */
  origin: string;
  /** The time of the request, for "updated 2 s ago". */
  now: Date;
}
