/**
 * `useSession`: take a seat once per mount (resume, join or pair), reporting the outcome through `dispatch`, with
 * the time the seat's state arrived (`now()`), from which a timed game's clock counts down.
 */
import { useEffect, type Dispatch } from 'react';
import type { RookeryClient } from '../shared/api-client.js';
import type { SeatStore } from './seat-store.js';
import { openSession, type SessionRequest } from './session.js';
import type { UiAction } from './ui-state.js';

export function useSession(
  client: RookeryClient,
  seats: SeatStore,
  request: SessionRequest,
  dispatch: Dispatch<UiAction>,
  now: () => number,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: one seat per mount; the request is fixed for the app's life.
  useEffect(() => {
    const controller = new AbortController();
    openSession(client, seats, request, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        if (result.ok) dispatch({ type: 'session-opened', ...result.value, receivedAt: now() });
        else dispatch({ type: 'session-failed', message: result.message, full: result.code === 'game_full' });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) dispatch({ type: 'session-failed', message: String(error) });
      },
    );
    return () => controller.abort();
  }, []);
}
