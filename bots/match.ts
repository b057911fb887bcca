/**
 * `npm run match`: N games between two players through a Rookery server, alternating colours, optionally timed
 * (`--clock 1+0`) and several at once (`--concurrency`), then a results table, the score, how often each player
 * ran out of time, and the path of a PGN file with every game. Without `--server` a server is started in this
 * process on a free port of 127.0.0.1 (and stopped at the end).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFlags } from '../shared/cli-flags.js';
import { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { describeTimeControl, parseTimeControl, type TimeControl } from '../shared/time-control.js';
import { LIMITS } from '../shared/vocabulary.js';
import { buildApp } from '../server/http/app.js';
import { gameRow, headerRow, summaryLines, type PlayedGame } from './match-report.js';
import { playGame } from './play-game.js';
import { makePlayer, parsePlayerSpec, parsePositiveInt, type PlayerSpec } from './player-spec.js';
import type { Player } from './player.js';

export const HELP = `Usage: npm run match -- --white SPEC --black SPEC --games N [--clock TC] [--concurrency N]
                        [--server URL] [--pgn PATH] [--seed N]

Plays N games between two players, alternating colours (--white has white in games 1, 3, 5, …), and prints a
results table, the score, how often each player ran out of time (timed matches) and the PGN file's path.

SPEC: random | uci:PATH[:movetime]   e.g. uci:/usr/games/stockfish:50 (movetime in ms; without it the engine
      manages the clock in timed games and searches 100 ms per move in untimed ones)

Options:
  --clock TC         the time control of every game: 1+0, 5+3 (minutes+increment seconds), 3d, or untimed (default)
  --concurrency N    play N games at once, each with its own pair of players (engine processes); default 1
  --server URL       play through this server (default: start one in this process on a free port)
  --pgn PATH         write the games here (default: a new file in ${tmpdir()})
  --seed N           seed of the random players, for repeatable matches
  -h, --help         show this help
`;

/** A pair of running players, one per side, that plays one game at a time. */
type Table = [Player, Player];

async function main(): Promise<number> {
  const flags = readFlags(process.argv.slice(2), {
    white: { type: 'string' },
    black: { type: 'string' },
    games: { type: 'string' },
    clock: { type: 'string' },
    concurrency: { type: 'string' },
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
  const concurrency = parsePositiveInt('concurrency', values.concurrency ?? '1');
  if (!concurrency.ok) return usage(concurrency.message);
  const clock = parseTimeControl(values.clock ?? 'untimed');
  if (!clock.ok) return usage(`Invalid --clock: ${clock.message}`);
  const timeControl = clock.value;
  const gameCount = games.value!;
  const tableCount = Math.min(concurrency.value!, gameCount);

  const pgnPath = resolve(
    values.pgn ?? join(tmpdir(), `rookery-match-${new Date().toISOString().replace(/[:.]/gu, '-')}.pgn`),
  );
  const tables: Table[] = [];
  let server = { url: values.server?.replace(/\/+$/u, '') ?? '', close: async () => {} };
  try {
    if (!values.server) server = await startServer();
    const client = new RookeryClient({ baseUrl: server.url });
    for (let index = 0; index < tableCount; index++) {
      const players = [];
      for (const [side, spec] of specs.entries()) {
        const seeded = spec.kind === 'random' && seed.value ? { ...spec, seed: seed.value + side + 2 * index } : spec;
        players.push(await makePlayer(seeded));
      }
      tables.push(players as Table);
    }
    // A is --white (white in odd games), B is --black.
    const [a, b] = sideNames(tables[0]!);
    writeFileSync(pgnPath, '');
    const say = (line: string) => process.stdout.write(`${line}\n`);
    const plural = gameCount === 1 ? '' : 's';
    say(
      `Match: ${a} (A) vs ${b} (B), ${gameCount} game${plural} (${describeTimeControl(timeControl)}) on ${server.url}\n`,
    );
    const timed = timeControl !== null;
    say(headerRow(timed));

    // Games are handed out in order to whichever table is free; rows are printed in game order.
    const played: PlayedGame[] = [];
    const finished = new Map<number, PlayedGame>();
    let nextGame = 1;
    let nextRow = 1;
    const runTable = async ([playerA, playerB]: Table) => {
      while (nextGame <= gameCount) {
        const number = nextGame++;
        const [white, black] = number % 2 === 1 ? [a, b] : [b, a];
        const [whitePlayer, blackPlayer] = number % 2 === 1 ? [playerA, playerB] : [playerB, playerA];
        const final = await playOne(client, timeControl, [white, whitePlayer], [black, blackPlayer]);
        finished.set(number, { number, white, black, state: final });
        for (let game = finished.get(nextRow); game; game = finished.get(nextRow)) {
          appendFileSync(pgnPath, `${(await client.pgn(game.state.id)).trim()}\n\n`);
          say(gameRow(game, timed));
          played.push(game);
          nextRow += 1;
        }
      }
    };
    await Promise.all(tables.map(runTable));
    say('');
    for (const line of summaryLines(a, b, played, timed)) say(line);
    say(`PGN: ${pgnPath}`);
    return 0;
  } catch (error) {
    process.stderr.write(`rookery-match: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await Promise.all(tables.flat().map((player) => player.close()));
    await server.close();
  }
}

/** Names for the server (unique within the match): the players' labels, tagged A and B when they are the same. */
function sideNames([playerA, playerB]: Table): [string, string] {
  const sameLabel = playerA.label === playerB.label;
  const name = (player: Player, tag: 'A' | 'B') =>
    (sameLabel ? `${player.label} ${tag}` : player.label).slice(0, LIMITS.nameMaxLength);
  return [name(playerA, 'A'), name(playerB, 'B')];
}

/** One game: create it, seat both players, play both sides at once, and answer the final state. */
async function playOne(
  client: RookeryClient,
  timeControl: TimeControl | null,
  [whiteName, whitePlayer]: [string, Player],
  [blackName, blackPlayer]: [string, Player],
): Promise<GameState> {
  const created = await client.createGame(undefined, undefined, timeControl);
  const whiteSeat = await client.join(created.id, whiteName, 'white');
  const blackSeat = await client.join(created.id, blackName, 'black');
  const outcomes = await Promise.all([
    playGame({ client, seat: whiteSeat, player: whitePlayer }),
    playGame({ client, seat: blackSeat, player: blackPlayer }),
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

function usage(error: string): number {
  process.stderr.write(`rookery-match: ${error}\n\n${HELP}`);
  return 2;
}

process.exit(await main());
