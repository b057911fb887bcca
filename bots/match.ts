/**
 * `npm run match`: N games between two players through a Rookery server, alternating colours, then a results
 * table, the score and the path of a PGN file with every game. Without `--server` a server is started in this
 * process on a free port of 127.0.0.1 (and stopped at the end).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFlags } from '../shared/cli-flags.js';
import { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { LIMITS } from '../shared/vocabulary.js';
import { buildApp } from '../server/http/app.js';
import { playGame } from './play-game.js';
import { makePlayer, parsePlayerSpec, parsePositiveInt, type PlayerSpec } from './player-spec.js';
import type { Player } from './player.js';

export const HELP = `Usage: npm run match -- --white SPEC --black SPEC --games N [--server URL] [--pgn PATH]

Plays N games between two players, alternating colours (--white has white in games 1, 3, 5, …), and prints a
results table and the PGN file's path.

SPEC: random | uci:PATH[:movetime]   e.g. uci:/usr/games/stockfish:50 (movetime in ms, default 100)

Options:
  --server URL   play through this server (default: start one in this process on a free port)
  --pgn PATH     write the games here (default: a new file in ${tmpdir()})
  --seed N       seed of the random players, for repeatable matches
  -h, --help     show this help
`;

interface MatchSide {
  /** A or B: A is --white (white in odd games). */
  tag: 'A' | 'B';
  player: Player;
  /** Name given to the server (unique within the match). */
  name: string;
  points: number;
}

async function main(): Promise<number> {
  const flags = readFlags(process.argv.slice(2), {
    white: { type: 'string' },
    black: { type: 'string' },
    games: { type: 'string' },
    server: { type: 'string' },
    pgn: { type: 'string' },
    seed: { type: 'string' },
  });
  if (!flags.ok) {
    if (flags.code === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    return usage(flags.message);
  }
  const values = flags.value;
  if (!values.white || !values.black) return usage('Both --white and --black are needed.');
  const specs: PlayerSpec[] = [];
  for (const text of [values.white, values.black]) {
    const parsed = parsePlayerSpec(text);
    if (!parsed.ok) return usage(parsed.message);
    specs.push(parsed.value);
  }
  const games = parsePositiveInt('games', values.games ?? '1');
  if (!games.ok) return usage(games.message);
  const seed = parsePositiveInt('seed', values.seed);
  if (!seed.ok) return usage(seed.message);
  const gameCount = games.value!;

  const pgnPath = resolve(
    values.pgn ?? join(tmpdir(), `rookery-match-${new Date().toISOString().replace(/[:.]/gu, '-')}.pgn`),
  );
  const sides: MatchSide[] = [];
  let server = { url: values.server?.replace(/\/+$/u, '') ?? '', close: async () => {} };
  try {
    if (!values.server) server = await startServer();
    const client = new RookeryClient({ baseUrl: server.url });
    for (const [index, spec] of specs.entries()) {
      const tag = index === 0 ? 'A' : 'B';
      const seeded = spec.kind === 'random' && seed.value ? { ...spec, seed: seed.value + index } : spec;
      const player = await makePlayer(seeded);
      sides.push({ tag, player, name: '', points: 0 });
    }
    const [a, b] = sides as [MatchSide, MatchSide];
    const sameLabel = a.player.label === b.player.label;
    for (const side of sides) {
      side.name = (sameLabel ? `${side.player.label} ${side.tag}` : side.player.label).slice(0, LIMITS.nameMaxLength);
    }
    writeFileSync(pgnPath, '');
    const say = (line: string) => process.stdout.write(`${line}\n`);
    say(`Match: ${a.name} (A) vs ${b.name} (B), ${gameCount} game${gameCount === 1 ? '' : 's'} on ${server.url}\n`);
    say(row('game', 'white', 'black', 'result', 'termination', 'plies'));
    for (let game = 1; game <= gameCount; game++) {
      const [white, black] = game % 2 === 1 ? [a, b] : [b, a];
      const final = await playOne(client, white, black);
      appendFileSync(pgnPath, `${(await client.pgn(final.id)).trim()}\n\n`);
      if (final.result === '1-0') white.points += 1;
      else if (final.result === '0-1') black.points += 1;
      else if (final.result === '1/2-1/2') {
        white.points += 0.5;
        black.points += 0.5;
      }
      say(row(String(game), white.name, black.name, final.result, final.termination ?? '-', String(final.uci.length)));
    }
    say(`\nScore: ${a.name} ${a.points} - ${b.points} ${b.name}`);
    say(`PGN: ${pgnPath}`);
    return 0;
  } catch (error) {
    process.stderr.write(`rookery-match: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await Promise.all(sides.map((side) => side.player.close()));
    await server.close();
  }
}

/** One game: create it, seat both players, play both sides at once, and answer the final state. */
async function playOne(client: RookeryClient, white: MatchSide, black: MatchSide): Promise<GameState> {
  const created = await client.createGame();
  const whiteSeat = await client.join(created.id, white.name, 'white');
  const blackSeat = await client.join(created.id, black.name, 'black');
  const outcomes = await Promise.all([
    playGame({ client, seat: whiteSeat, player: white.player }),
    playGame({ client, seat: blackSeat, player: black.player }),
  ]);
  for (const outcome of outcomes) {
    if (outcome.failure) process.stderr.write(`rookery-match: a player resigned: ${outcome.failure}\n`);
  }
  return client.state(created.id);
}

async function startServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = await buildApp();
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}

function row(game: string, white: string, black: string, result: string, termination: string, plies: string): string {
  return `${game.padStart(4)}  ${white.padEnd(26)}${black.padEnd(26)}${result.padEnd(9)}${termination.padEnd(24)}${plies.padStart(5)}`;
}

function usage(error: string): number {
  process.stderr.write(`rookery-match: ${error}\n\n${HELP}`);
  return 2;
}

process.exit(await main());
