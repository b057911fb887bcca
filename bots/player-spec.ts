/**
 * Which player to run, as the command lines say it: `random`, or `uci:PATH[:movetime]` for `npm run match`, and
 * `--engine random|uci --engine-path … --movetime … --depth …` for `npm run bot`. One place turns either into
 * a running Player.
 */
import { existsSync } from 'node:fs';
import type { Player } from './player.js';
import { RandomPlayer } from './random-player.js';
import { UciPlayer, type UciPlayerOptions } from './uci-player.js';

export type PlayerSpec =
  | { kind: 'random'; seed?: number }
  | { kind: 'uci'; path: string; movetime?: number; depth?: number };

/** Debian's stockfish package installs here; elsewhere `stockfish` is looked up on the PATH. */
export const DEFAULT_ENGINE_PATH = existsSync('/usr/games/stockfish') ? '/usr/games/stockfish' : 'stockfish';

export type SpecResult = { ok: true; spec: PlayerSpec } | { ok: false; error: string };

/** Read `random` or `uci:PATH[:movetime]` (e.g. `uci:/usr/games/stockfish:50`). */
export function parsePlayerSpec(text: string): SpecResult {
  if (text === 'random') return { ok: true, spec: { kind: 'random' } };
  if (!text.startsWith('uci:')) return { ok: false, error: `Unknown player "${text}": use random or uci:PATH[:movetime].` };
  let path = text.slice('uci:'.length);
  let movetime: number | undefined;
  const timed = /^(.+):(\d+)$/u.exec(path);
  if (timed) {
    path = timed[1]!;
    movetime = Number(timed[2]);
    if (movetime < 1) return { ok: false, error: `Invalid movetime in "${text}": use whole milliseconds >= 1.` };
  }
  if (!path) return { ok: false, error: `Missing engine path in "${text}": use uci:PATH[:movetime].` };
  return { ok: true, spec: { kind: 'uci', path, ...(movetime ? { movetime } : {}) } };
}

/** A positive whole number from a flag, or an error sentence. */
export function parsePositiveInt(name: string, text: string | undefined): { ok: true; value: number | undefined } | { ok: false; error: string } {
  if (text === undefined) return { ok: true, value: undefined };
  if (!/^\d+$/u.test(text) || Number(text) < 1) return { ok: false, error: `Invalid ${name} "${text}": use a whole number >= 1.` };
  return { ok: true, value: Number(text) };
}

/** Start the player a spec names (UCI: the engine process is started and handshaken now). */
export async function makePlayer(spec: PlayerSpec, extra: Partial<UciPlayerOptions> = {}): Promise<Player> {
  if (spec.kind === 'random') return new RandomPlayer(spec.seed === undefined ? {} : { seed: spec.seed });
  return UciPlayer.start({
    ...extra,
    path: spec.path,
    ...(spec.movetime ? { movetime: spec.movetime } : {}),
    ...(spec.depth ? { depth: spec.depth } : {}),
  });
}
