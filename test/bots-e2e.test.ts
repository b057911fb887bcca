/**
 * The reference bots end to end against a real server: the `npm run bot` CLI with Debian's Stockfish against
 * the random bot (quick pairing, every move checked by the server and replayed here with chess.js), ten
 * random-vs-random games that must all end with a legal termination, and `npm run match` printing its table.
 * The server runs as its own process (server/main.ts), as it would in production.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chess } from 'chess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playGame } from '../bots/play-game.js';
import { RandomPlayer } from '../bots/random-player.js';
import { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { call, until } from './fixtures/live-server.js';
import { compiled, ROOT } from './support/compiled.js';

const STOCKFISH = '/usr/games/stockfish';
const hasStockfish = existsSync(STOCKFISH);

interface Run {
  code: Promise<number>;
  stdout: () => string;
  stderr: () => string;
}

/** Run a script of bots/ as `npm run bot|match` does (compiled, in dist/), collecting its output. */
function runScript(script: string, args: string[]): Run {
  const child = spawn(process.execPath, [compiled(`bots/${script}`), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? -1)));
  return { code, stdout: () => stdout, stderr: () => stderr };
}

/** Replay a game's UCI moves with chess.js (independently of the server) and check how it ended. */
function expectLegalEnding(state: GameState) {
  const chess = new Chess();
  const seen = new Map<string, number>();
  const key = () => chess.fen().split(' ').slice(0, 4).join(' ');
  seen.set(key(), 1);
  for (const move of state.uci) {
    chess.move(move); // throws on an illegal move
    seen.set(key(), (seen.get(key()) ?? 0) + 1);
  }
  expect(chess.fen()).toBe(state.fen);
  expect(state.status).toBe('finished');
  const halfmoveClock = Number(chess.fen().split(' ')[4]);
  switch (state.termination) {
    case 'checkmate':
      expect(chess.isCheckmate()).toBe(true);
      expect(state.winner).toBe(chess.turn() === 'w' ? 'black' : 'white');
      break;
    case 'stalemate':
      expect(chess.isStalemate()).toBe(true);
      break;
    case 'insufficient_material':
      expect(chess.isInsufficientMaterial()).toBe(true);
      break;
    case 'fivefold_repetition':
      expect(seen.get(key())).toBeGreaterThanOrEqual(5);
      break;
    case 'seventy_five_move_rule':
      expect(halfmoveClock).toBeGreaterThanOrEqual(150);
      break;
    default:
      throw new Error(`random players cannot end a game by ${state.termination}`);
  }
  if (state.termination !== 'checkmate') expect(state).toMatchObject({ result: '1/2-1/2', winner: null });
}

/** The real server as its own process (`npm start`), so that it and the bots in this process use two cores. */
async function startServerProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [compiled('server/main.ts'), '--port', '0', '--data', ':memory:', '--log-level', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await until(
    () => /API under (http:\/\/\S+)\/api/u.test(output) || child.exitCode !== null,
    'the server to listen',
    30_000,
  );
  const url = /API under (http:\/\/\S+)\/api/u.exec(output)?.[1];
  if (!url) throw new Error(`the server did not start: ${output}`);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let server: { url: string; stop: () => Promise<void> };
let scratch: string;
beforeAll(async () => {
  server = await startServerProcess();
  scratch = mkdtempSync(join(tmpdir(), 'rookery-bots-'));
});
afterAll(async () => {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('reference bots end to end', () => {
  it.skipIf(!hasStockfish)(
    'the Stockfish bot beats the random bot (npm run bot, quick pairing)',
    async () => {
      const stockfish = runScript('cli.ts', [
        '--server',
        server.url,
        '--engine',
        'uci',
        '--engine-path',
        STOCKFISH,
        '--movetime',
        '30',
        '--name',
        'stockfish',
      ]);
      await until(() => stockfish.stdout().includes('waiting for an opponent'), 'the Stockfish bot to wait', 20_000);
      const gameId = /joined game (\S+) as white/u.exec(stockfish.stdout())![1]!;
      const random = runScript('cli.ts', ['--server', server.url, '--engine', 'random', '--name', 'random']);
      const [stockfishExit, randomExit] = await Promise.all([stockfish.code, random.code]);
      expect(stockfishExit, stockfish.stderr()).toBe(0);
      expect(randomExit, random.stderr()).toBe(0);
      expect(random.stdout()).toContain(`joined game ${gameId} as black`);
      expect(stockfish.stdout()).toMatch(/result: 1-0 \(checkmate\): white won — you won/u);
      expect(random.stdout()).toMatch(/result: 1-0 \(checkmate\): white won — you lost/u);

      const final = (await call<GameState>(server.url, 'GET', `/api/games/${gameId}/status`)).body;
      expect(final.players).toEqual({ white: { name: 'stockfish' }, black: { name: 'random' } });
      expectLegalEnding(final);
      expect(final.winner).toBe('white');
    },
    90_000,
  );

  it('ten random-vs-random games all end with a legal termination', async () => {
    const client = new RookeryClient({ baseUrl: server.url });
    const play = async (seed: number) => {
      const created = await client.createGame();
      const white = await client.join(created.id, `random ${seed}w`, 'white');
      const black = await client.join(created.id, `random ${seed}b`, 'black');
      const [whiteOutcome] = await Promise.all([
        playGame({ client, seat: white, player: new RandomPlayer({ seed: seed * 2 }) }),
        playGame({ client, seat: black, player: new RandomPlayer({ seed: seed * 2 + 1 }) }),
      ]);
      expect(whiteOutcome.failure).toBeNull();
      return client.state(created.id);
    };
    const finals = await Promise.all(Array.from({ length: 10 }, (_, index) => play(index + 1)));
    for (const final of finals) expectLegalEnding(final);
  }, 240_000);

  it.skipIf(!hasStockfish)(
    'npm run match plays 4 games, alternating colours, and prints its table',
    async () => {
      const pgnPath = join(scratch, 'match.pgn');
      const match = runScript('match.ts', [
        '--white',
        `uci:${STOCKFISH}:20`,
        '--black',
        'random',
        '--games',
        '4',
        '--pgn',
        pgnPath,
      ]);
      expect(await match.code, match.stderr()).toBe(0);
      const out = match.stdout();
      const rows = out.split('\n').filter((line) => /^\s+\d+\s{2}/u.test(line));
      expect(rows).toHaveLength(4);
      // Stockfish (A) has white in games 1 and 3, black in 2 and 4.
      expect(rows[0]).toMatch(/^\s+1\s+Stockfish.*random/u);
      expect(rows[1]).toMatch(/^\s+2\s+random\s+Stockfish/u);
      // Result, plies, and how it ended in words (shared/outcome-text.ts), e.g. "Checkmate — White wins".
      for (const row of rows) expect(row).toMatch(/\s(1-0|0-1|1\/2-1\/2)\s+\d+\s{2}(Checkmate|Draw)\b/u);
      const score = /Score: Stockfish.* ([\d.]+) - ([\d.]+) random/u.exec(out);
      expect(score).not.toBeNull();
      expect(Number(score![1]) + Number(score![2])).toBe(4);
      expect(Number(score![1])).toBeGreaterThanOrEqual(3);
      expect(out).toContain(`PGN: ${pgnPath}`);
      const pgn = readFileSync(pgnPath, 'utf8');
      expect(pgn.match(/^\[Event /gmu)).toHaveLength(4);
      expect(pgn.match(/^\[Result "(1-0|0-1|1\/2-1\/2)"\]$/gmu)).toHaveLength(4);
    },
    90_000,
  );
});
