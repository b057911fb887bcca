/**
 * Restoring after a start: the active games are rebuilt in the background right after the server starts listening,
 * so that their players' first requests after a restart or crash do not wait for a replay (about 0.3 ms per ply).
 * Finished and waiting games are left to load on demand.
 */
import type { GameStore } from './game-store.js';

export interface RestoreReport {
  /** Games rebuilt. */
  restored: number;
  /** Games whose rebuild threw (the error went to `onError`); they will fail again when asked for. */
  failed: number;
}

/**
 * Call `rebuild` for each active game, newest first, at most `limit` of them (the service's cache would evict more),
 * yielding to the event loop between games so that requests are served meanwhile.
 */
export async function restoreActiveGames(
  store: GameStore,
  rebuild: (gameId: string) => void | Promise<void>,
  options: {
    limit: number;
    onError?: (gameId: string, error: unknown) => void;
    /** Checked before each game: true once the server is stopping (the store is about to close). */
    isStopping?: () => boolean;
  },
): Promise<RestoreReport> {
  const report: RestoreReport = { restored: 0, failed: 0 };
  let cursor: string | undefined;
  do {
    if (options.isStopping?.()) return report;
    const page = await store.list({ status: 'active', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const game of page.games) {
      if (report.restored + report.failed >= options.limit) return report;
      await new Promise((next) => setImmediate(next));
      if (options.isStopping?.()) return report;
      try {
        await rebuild(game.id);
        report.restored += 1;
      } catch (error) {
        report.failed += 1;
        options.onError?.(game.id, error);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return report;
}
