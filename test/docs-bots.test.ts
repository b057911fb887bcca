/**
 * The bots printed in docs/bots.md, run exactly as printed (extracted from the doc) against a real server, so the
 * doc cannot rot: the curl and fetch bots, and the clock bot (curl, jq and Stockfish on a 1+0 clock). The
 * opponent is the test: it joins the bot's game, plays a few random moves, then resigns, which the bot must
 * notice and report before exiting 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRandom } from '../shared/seeded-random.js';
import { ApiError, RookeryClient } from '../shared/api-client.js';
import { startLiveServer, until, type LiveServer } from './fixtures/live-server.js';

const DOC = fileURLToPath(new URL('../docs/bots.md', import.meta.url));
const STOCKFISH = '/usr/games/stockfish';

/** The fenced block that follows `<!-- doc-test: NAME -->` in docs/bots.md. */
function docBlock(name: string): string {
  const text = readFileSync(DOC, 'utf8');
  const match = new RegExp(`<!-- doc-test: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\`\\n`, 'u').exec(text);
  if (!match) throw new Error(`docs/bots.md has no block marked doc-test: ${name}`);
  return `${match[1]}\n`;
}

let server: LiveServer;
let scratch: string;
beforeAll(async () => {
  server = await startLiveServer();
  scratch = mkdtempSync(join(tmpdir(), 'rookery-doc-bots-'));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Run a doc bot, play against it (random moves, then resign), and answer its exit code and output. */
async function playAgainst(command: string, file: string, env: Record<string, string> = {}) {
  const child = spawn(command, [file], {
    env: { ...process.env, SERVER: server.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));

  await until(() => /playing (white|black) in \S+\/games\/\S+/u.test(stdout), 'the bot to join', 20_000);
  const [, botColor, gameId] = /playing (white|black) in \S+\/games\/(\S+)/u.exec(stdout)!;
  const client = new RookeryClient({ baseUrl: server.url });
  const seat = await client.join(gameId!, 'doc-test');
  expect(seat.color).not.toBe(botColor);
  const random = makeRandom(11);
  let myMoves = 0;
  for await (const state of client.watch(gameId!)) {
    if (state.status !== 'active' || state.turn !== seat.color) continue;
    // Enough moves to see the bot answer each one over its long poll, then a resignation it must notice.
    if (myMoves === 6) {
      await client.resign(gameId!, seat.token);
      continue;
    }
    const move = state.legalMoves[Math.floor(random() * state.legalMoves.length)]!;
    try {
      await client.move(gameId!, seat.token, move, state.uci.length);
      myMoves += 1;
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'stale_ply') throw error;
    }
  }
  const final = await client.state(gameId!);
  return { code: await exit, stdout, stderr, final, botColor: botColor! };
}

describe('the bots printed in docs/bots.md', () => {
  it('the curl bot plays until the game ends and prints the result', async () => {
    const file = join(scratch, 'bot.sh');
    writeFileSync(file, docBlock('curl-bot'));
    const run = await playAgainst('bash', file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.final).toMatchObject({ status: 'finished', termination: 'resignation', winner: run.botColor });
    expect(run.final.uci.length).toBeGreaterThanOrEqual(11);
    expect(run.stdout).toContain(`result: ${run.final.result} (resignation)`);
  }, 60_000);

  it('the fetch bot plays until the game ends and prints the result', async () => {
    const file = join(scratch, 'bot.mjs');
    writeFileSync(file, docBlock('fetch-bot'));
    const run = await playAgainst(process.execPath, file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.final).toMatchObject({ status: 'finished', termination: 'resignation', winner: run.botColor });
    expect(run.stdout).toContain(`result: ${run.final.result} (resignation)`);
  }, 60_000);

  it.skipIf(!existsSync(STOCKFISH))(
    'the clock bot creates a 1+0 game and gives Stockfish the clock as it counts down',
    async () => {
      const file = join(scratch, 'clock-bot.sh');
      writeFileSync(file, docBlock('clock-bot'));
      const run = await playAgainst('bash', file, { CLOCK: '1+0', ENGINE: STOCKFISH });
      expect(run.code, run.stderr).toBe(0);
      expect(run.final).toMatchObject({
        status: 'finished',
        termination: 'resignation',
        winner: run.botColor,
        timeControl: { type: 'realtime', initialSeconds: 60, incrementSeconds: 0 },
      });
      expect(run.stdout).toContain(`result: ${run.final.result} (resignation)`);
      // Each search it asked for: a short one for its untimed first move, then the clocks as they ran.
      const searches = run.stdout.split('\n').filter((line) => line.startsWith('go '));
      expect(searches[0]).toMatch(/^go movetime (1000|\d{2,3}): [a-h][1-8][a-h][1-8]$/u);
      const timed = searches.slice(1).map((line) => {
        const match = /^go wtime (\d+) btime (\d+) winc 0 binc 0: [a-h][1-8][a-h][1-8][qrbn]?$/u.exec(line);
        expect(match, line).not.toBeNull();
        const [own, theirs] = run.botColor === 'white' ? [match![1], match![2]] : [match![2], match![1]];
        return { own: Number(own), theirs: Number(theirs) };
      });
      expect(timed.length).toBeGreaterThanOrEqual(4);
      for (const [index, { own, theirs }] of timed.entries()) {
        // Its own time, less the reserve, goes down move by move; the test's moves are instant.
        expect(own).toBeLessThanOrEqual(60_000 - 300);
        expect(own).toBeGreaterThan(30_000);
        expect(theirs).toBeGreaterThan(55_000);
        if (index > 0) expect(own).toBeLessThan(timed[index - 1]!.own);
      }
    },
    90_000,
  );
});
