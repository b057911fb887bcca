/**
 * Which player to run, as the command lines say it: `random`, or `uci:PATH[:movetime]` for `npm run match`, and
 * `--engine random|uci --engine-path … --movetime … --depth …` for `npm run bot`. One place turns either into
 * a running Player.
 */
import { existsSync } from 'node:fs';
import { usageError, type CliResult } from '../shared/cli-flags.js';
import { ok } from '../shared/result.js';
import type { Player } from './player.js';
import { RandomPlayer } from './random-player.js';
import { UciPlayer, type UciPlayerOptions } from './uci-player.js';

export type PlayerSpec =
  | { kind: 'random'; seed?: number }
  | { kind: 'uci'; path: string; movetime?: number; depth?: number };

/** Debian's stockfish package installs here; elsewhere `stockfish` is looked up on the PATH. */
export const DEFAULT_ENGINE_PATH = existsSync('/usr/games/stockfish') ? '/usr/games/stockfish' : 'stockfish';

/** Read `random` or `uci:PATH[:movetime]` (e.g. `uci:/usr/games/stockfish:50`). */
export function parsePlayerSpec(text: string): CliResult<PlayerSpec> {
  if (text === 'random') return ok({ kind: 'random' });
  if (!text.startsWith('uci:')) return usageError(`Unknown player "${text}": use random or uci:PATH[:movetime].`);
  let path = text.slice('uci:'.length);
  let movetime: number | undefined;
  const timed = /^(.+):(\d+)$/u.exec(path);
  if (timed) {
    path = timed[1]!;
    movetime = Number(timed[2]);
    if (movetime < 1) return usageError(`Invalid movetime in "${text}": use whole milliseconds >= 1.`);
  }
  if (!path) return usageError(`Missing engine path in "${text}": use uci:PATH[:movetime].`);
  return ok({ kind: 'uci', path, ...(movetime ? { movetime } : {}) });
}

/** A positive whole number from a flag (undefined when the flag is absent), or a usage error. */
export function parsePositiveInt(name: string, text: string | undefined): CliResult<number | undefined> {
  if (text === undefined) return ok(undefined);
  if (!/^\d+$/u.test(text) || Number(text) < 1)
    return usageError(`Invalid ${name} "${text}": use a whole number >= 1.`);
  return ok(Number(text));
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
