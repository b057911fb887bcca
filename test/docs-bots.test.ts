/**
 * The two bots printed in docs/bots.md, run exactly as printed (extracted from the doc) against a real server,
 * so the doc cannot rot. The opponent is the test: it joins the bot's game, plays a few random moves, then
 * resigns, which the bot must notice and report before exiting 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRandom } from '../shared/seeded-random.js';
import { ApiError, RookeryClient } from '../shared/api-client.js';
import { startLiveServer, until, type LiveServer } from './fixtures/live-server.js';

const DOC = fileURLToPath(new URL('../docs/bots.md', import.meta.url));

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
async function playAgainst(command: string, file: string) {
  const child = spawn(command, [file], {
    env: { ...process.env, SERVER: server.url },
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
});
