/**
 * `useLobby`: the lobby's polling loop, like the game's (poller.ts): one `GET /api/games` at a time for the list
 * and page shown, a pause of the interval between answers, a longer one (doubled, at most 30 s) while the server
 * cannot be reached. A new loop starts when the tab, the page or the page size changes; the old one is aborted,
 * request and pause alike.
 */
import { useEffect, type Dispatch } from 'react';
import { ApiError, sleep, type RookeryClient } from '../shared/api-client.js';
import type { LobbyAction, LobbyTab } from './lobby.js';
import { backoffDelay } from './poller.js';

export function useLobby(
  client: RookeryClient,
  tab: LobbyTab,
  cursor: string | null,
  limit: number,
  intervalMs: number,
  dispatch: Dispatch<LobbyAction>,
  now: () => number,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: dispatch and now are fixed for the lobby's life.
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      let failures = 0;
      while (!signal.aborted) {
        let pause = intervalMs;
        try {
          const list = await client.listGames({ status: tab, limit, ...(cursor ? { cursor } : {}) }, signal);
          failures = 0;
          const page = { games: list.games, nextCursor: list.nextCursor ?? null };
          dispatch({ type: 'page-loaded', tab, cursor, page, at: now() });
        } catch (error) {
          if (signal.aborted) return;
          failures++;
          pause = backoffDelay(intervalMs, failures);
          const reason = error instanceof ApiError ? error.message : String(error);
          dispatch({ type: 'load-failed', message: `${reason} (retrying in ${Math.round(pause / 1000)} s)` });
        }
        try {
          await sleep(pause, signal);
        } catch {
          return;
        }
      }
    })();
    return () => controller.abort();
  }, [client, tab, cursor, limit, intervalMs]);
}
