/**
 * One keyboard for several screens. Ink subscribes a `useInput` handler in a passive effect, which React may run
 * a while after the new screen is already drawn: a key typed at once after a switch (the lobby appearing, a
 * game opening) would reach the old screen's handler, or none. So the root holds the only `useInput` and
 * forwards each key to the screen drawn last, which claims the keyboard while it renders (before its frame is
 * on screen), not in an effect. A screen mounted on its own (tests, or without a root) listens itself.
 */
import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

/** Where the root sends keys: the handler of the screen rendered last. */
export interface KeyRouter {
  current: KeyHandler | null;
}

/** For the root: the one `useInput`, forwarding to whichever screen holds `router`. */
export function useKeyRouter(): KeyRouter {
  const router = useRef<KeyHandler | null>(null);
  useInput(useCallback((input: string, key: Key) => router.current?.(input, key), []));
  return router;
}

/**
 * For a screen: `handler` gets the keys, through `router` when there is one (claimed during render), else
 * through a `useInput` of its own. The handler may change on every render; the latest one is always called.
 */
export function useScreenKeys(handler: KeyHandler, router?: KeyRouter): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => latest.current(input, key), []);
  if (router) router.current = stable;
  useInput(stable, { isActive: router === undefined });
}
