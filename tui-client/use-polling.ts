/**
 * `usePolling`: one polling loop per mounted game, started in an effect and stopped by aborting its
 * AbortController on unmount (or when the game changes), which cuts short both the request and the sleep.
 */
import { useEffect, useState } from 'react';
import type { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { HealthStore } from './health-store.js';
import { INITIAL_HEALTH, pollGame } from './poller.js';

export function usePolling(
  client: RookeryClient,
  gameId: string | null,
  intervalMs: number,
  onState: (state: GameState) => void,
): HealthStore {
  const [health] = useState(() => new HealthStore());
  // biome-ignore lint/correctness/useExhaustiveDependencies: onState is a stable dispatch wrapper; a new loop starts only for another game, client or interval.
  useEffect(() => {
    if (!gameId) return;
    const controller = new AbortController();
    void pollGame(
      client,
      gameId,
      { intervalMs, signal: controller.signal },
      { onState, onHealth: (news) => health.set(news) },
    );
    return () => {
      controller.abort();
      // News of a stopped loop would go stale ("retrying in 4 s" that never comes).
      health.set(INITIAL_HEALTH);
    };
  }, [client, gameId, intervalMs, health]);
  return health;
}
