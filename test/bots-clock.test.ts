/**
 * The bots on the clock, end to end against the compiled server as its own process: `npm run match --clock 1+0`
 * with Debian's Stockfish managing its time against the random bot (ten games, zero flags for Stockfish, and the
 * report says so), and `npm run bot --clock` pairing into a short game whose other side stops moving and is
 * flagged by the server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { realtime } from '../shared/time-control.js';
import { until } from './fixtures/live-server.js';
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

/** The real server as its own process (`npm start`). */
async function startServerProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [compiled('server/main.ts'), '--port', '0', '--data', ':memory:', '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
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
  scratch = mkdtempSync(join(tmpdir(), 'rookery-bots-clock-'));
});
afterAll(async () => {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('bots on the clock', () => {
  it.skipIf(!hasStockfish)(
    'Stockfish on its own time management never flags at 1+0: ten games against the random bot',
    async () => {
      const pgnPath = join(scratch, 'blitz.pgn');
      // All ten at once: Stockfish's time management is by the wall clock, so the match takes about as long as
      // its longest game, and ten engines on two cores make the transport slow (the reserve's real test).
      const match = runScript('match.ts', [
        '--server',
        server.url,
        '--white',
        `uci:${STOCKFISH}`,
        '--black',
        'random',
        '--games',
        '10',
        '--clock',
        '1+0',
        '--concurrency',
        '10',
        '--pgn',
        pgnPath,
      ]);
      expect(await match.code, match.stderr()).toBe(0);
      const out = match.stdout();
      expect(out).toMatch(/^Match: Stockfish \S+ \(A\) vs random \(B\), 10 games \(1\+0\) on http/u);
      expect(out).toMatch(/^game {2}white +black +result +plies {2}clocks +how it ended$/mu);
      const rows = out.split('\n').filter((line) => /^\s+\d+\s{2}/u.test(line));
      expect(rows).toHaveLength(10);
      for (const [index, row] of rows.entries()) {
        // The columns of bots/match-report.ts: game, white, black, result, plies, clocks, how it ended.
        const white = row.slice(6, 32).trim();
        const [whiteClock, blackClock] = row.slice(74, 87).trim().split(' ');
        const ending = row.slice(87);
        const stockfishIsWhite = index % 2 === 0;
        expect(row.slice(0, 4).trim()).toBe(String(index + 1));
        expect(white.startsWith('Stockfish'), row).toBe(stockfishIsWhite);
        // Time left on Stockfish's clock at the end, and never "ran out of time" on its side.
        expect(stockfishIsWhite ? whiteClock : blackClock, row).toMatch(/^(\d+:\d\d|\d\.\d)$/u);
        expect(stockfishIsWhite ? whiteClock : blackClock, row).not.toBe('0.0');
        expect(ending, row).not.toMatch(/ran out of time/u);
      }
      expect(out).toMatch(/^Ran out of time: Stockfish \S+ 0, random \d+$/mu);
      const score = /^Score: Stockfish \S+ ([\d.]+) - ([\d.]+) random$/mu.exec(out);
      expect(score).not.toBeNull();
      expect(Number(score![1]) + Number(score![2])).toBe(10);
      expect(Number(score![1])).toBeGreaterThanOrEqual(9);

      const pgn = readFileSync(pgnPath, 'utf8');
      expect(pgn.match(/^\[TimeControl "60\+0"\]$/gmu)).toHaveLength(10);
      expect(pgn).toMatch(/\{ \[%clk 0:0\d:\d\d\] \}/u);
    },
    150_000,
  );

  it('the bot pairs by --clock, and an opponent who stops moving is flagged by the server', async () => {
    const control = realtime(6, 0);
    const bot = runScript('cli.ts', [
      '--server',
      server.url,
      '--engine',
      'random',
      '--clock',
      '0.1+0',
      '--name',
      'mover',
    ]);
    await until(() => /joined game \S+ as (white|black)/u.test(bot.stdout()), 'the bot to join', 20_000);
    const [, gameId, botColor] = /joined game (\S+) as (white|black) \(random, 0\.1\+0\)/u.exec(bot.stdout()) ?? [];
    expect(gameId, bot.stdout()).toBeDefined();

    // The test quick-pairs with the same time control: it must land in the bot's game.
    const client = new RookeryClient({ baseUrl: server.url });
    const seat = await client.quickJoin('staller', undefined, control);
    expect(seat.gameId).toBe(gameId);
    expect(seat.color).not.toBe(botColor);
    expect(seat.game.timeControl).toEqual(control);

    // Make this side's first move (so that the game is not aborted), then stop moving.
    let stalledAt: number | null = null;
    let final: GameState | null = null;
    for await (const state of client.watch(gameId!, { transport: 'poll' })) {
      if (state.status === 'finished') {
        final = state;
        break;
      }
      if (state.status !== 'active' || state.turn !== seat.color) continue;
      if (state.uci.length < 2) {
        await client.move(gameId!, seat.token, state.legalMoves[0]!, state.uci.length);
        continue;
      }
      // Our clock runs from here on.
      expect(state.clock).toMatchObject({ running: seat.color, deadline: null });
      stalledAt ??= Date.now();
    }
    expect(stalledAt).not.toBeNull();
    const waited = Date.now() - stalledAt!;
    expect(final).toMatchObject({ status: 'finished', termination: 'timeout', winner: botColor });
    expect(final!.clock).toMatchObject({ running: null, [`${seat.color}Ms`]: 0 });
    // 6 s on the clock (less what the poll took to bring the state), then the server flags it: generous bounds.
    expect(waited).toBeGreaterThan(5000);
    expect(waited).toBeLessThan(13_000);

    expect(await bot.code, bot.stderr()).toBe(0);
    const result = botColor === 'white' ? '1-0' : '0-1';
    expect(bot.stdout()).toContain(`result: ${result} (timeout): ${botColor} won — you won`);
  }, 60_000);
});
