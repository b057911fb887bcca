/**
 * End to end, with clocks: a real server on an ephemeral port, the real terminal client in a tmux pane (80×24)
 * asking for a 0.25+0 game (15 s each), and the real Stockfish bot (`npm run bot`, compiled) joining that game by
 * id. The client plays two moves by typing and then stops: its clock runs down on screen (both figures shown, and
 * both change), into LOW with the status line saying so, until the server flags it and the flag banner shows. The
 * screen is read with `tmux capture-pane`.
 *
 * With ROOKERY_SCREEN_DIR set, the low-time and flag screens are saved there (plain text and with colours) for
 * docs/tui-clock-screen.txt.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { compiled, ROOT } from './support/compiled.js';

const STOCKFISH = '/usr/games/stockfish';
const BIN = resolve('tui-client/bin.js');
const INTERVAL_MS = 250;
const SOCKET = `rookery-tui-clock-${process.pid}-${Date.now()}`;
const PANE = 'alice';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(withColours = false): string {
  return tmux('capture-pane', '-p', ...(withColours ? ['-e'] : []), '-t', PANE);
}

async function waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms. Screen:\n${text}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Type text into the pane, wait until the field shows it, then press Enter. */
async function typeMove(text: string): Promise<void> {
  tmux('send-keys', '-t', PANE, '-l', text);
  await waitFor(new RegExp(`Move › ${text}`, 'u'));
  tmux('send-keys', '-t', PANE, 'Enter');
}

/** The clock figures beside the two players' names (top of the board first), e.g. `['0:15', '[ 0:12]']`. */
function clockFigures(text: string): { stockfish: string; alice: string } {
  const figure = (name: string) => {
    const match = new RegExp(`${name}(?: \\(you\\))? +((?:LOW )?[[ ] *[\\d:.]+\\]?)$`, 'mu').exec(text);
    if (!match) throw new Error(`no clock beside ${name}:\n${text}`);
    return match[1]!.trim();
  };
  return { stockfish: figure('stockfish'), alice: figure('alice') };
}

/** Save a screen for the docs when asked to (ROOKERY_SCREEN_DIR). */
function keep(name: string): void {
  const dir = process.env['ROOKERY_SCREEN_DIR'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.txt`), screen());
  writeFileSync(join(dir, `${name}.ansi`), screen(true));
}

describe.skipIf(!existsSync(STOCKFISH))('terminal client with clocks in tmux (80×24) against the Stockfish bot', () => {
  let app: FastifyInstance;
  let server: string;
  let home: string;

  beforeAll(async () => {
    execFileSync('node', [BIN, '--help'], { encoding: 'utf8' });
    app = await buildApp();
    server = await app.listen({ host: '127.0.0.1', port: 0 });
    home = mkdtempSync(join(tmpdir(), 'rookery-tui-clock-'));
    // A UTF-8 locale: the screens are Unicode (a C locale gets ASCII).
    const env = ['-e', `XDG_CONFIG_HOME=${home}`, '-e', 'LANG=C.UTF-8'];
    tmux('new-session', '-d', '-s', PANE, '-x', '80', '-y', '24', ...env, 'sh');
  });

  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SOCKET), { force: true });
    await app?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('shows both clocks counting down, warns of low time and shows the flag when the client stops moving', async () => {
    tmux(
      'send-keys',
      '-t',
      PANE,
      // `clear` first, so that the client draws from the top of the pane (and the saved screens show only it).
      `clear; node ${BIN} --server ${server} --name alice --clock 0.25+0 --interval ${INTERVAL_MS}`,
      'Enter',
    );
    const waiting = await waitFor(/Waiting for an opponent to join game (\S+)…/u, 60_000);
    expect(waiting).toContain('you play white as alice · 0.25+0');
    const gameId = /join game (\S+)…/u.exec(waiting)![1]!;
    expect((await app.games.state(gameId)).ok).toBe(true);

    // The Stockfish bot joins this game by id, as `npm run bot -- --game ID` does.
    const bot = spawn(
      process.execPath,
      [
        compiled('bots/cli.ts'),
        '--server',
        server,
        '--game',
        gameId,
        '--engine',
        'uci',
        '--engine-path',
        STOCKFISH,
        '--name',
        'stockfish',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let botOutput = '';
    bot.stdout.on('data', (chunk: Buffer) => (botOutput += chunk.toString()));
    bot.stderr.on('data', (chunk: Buffer) => (botOutput += chunk.toString()));
    const botExit = new Promise<number | null>((done) => bot.on('close', (code) => done(code)));

    try {
      // Both clocks at 0:15, standing still: the first moves are not timed, only limited.
      const first = await waitFor(/▶ Your move — first move within \d+ s, or the game is aborted/u);
      expect(clockFigures(first)).toEqual({ stockfish: '0:15', alice: '0:15' });

      await typeMove('e4');
      // Black's first move starts white's clock: bracketed (running), counting down between polls.
      const running = await waitFor(/1\. e4 +\S+[\s\S]*▶ Your move/u);
      const before = clockFigures(running);
      expect(before.stockfish).toBe('0:15');
      expect(before.alice).toMatch(/^\[ 0:1[0-5]\]$/u);
      await typeMove('Nc3');
      // Stockfish thinks on its own clock now: its figure changes too.
      const second = await waitFor(/2\. Nc3 +\S+[\s\S]*▶ Your move/u);
      const after = clockFigures(second);
      expect(after.stockfish).toMatch(/^0:1[0-4]$/u);
      expect(after.alice).toMatch(/^\[ 0:\d\d\]$/u);

      // Alice stops moving: her clock goes under 10 s (LOW, tenths), and the status line says who is running out.
      const low = await waitFor(
        /alice \(you\) +LOW \[ {2}[5-8]\.\d\][\s\S]*⚠ Your move — your clock: \d\.\d — low time/u,
      );
      keep('tui-clock-low');
      expect(clockFigures(low).stockfish).toBe(after.stockfish);
      const later = await waitFor(/alice \(you\) +LOW \[ {2}[0-4]\.\d\]/u);
      expect(clockFigures(later).alice).not.toBe(clockFigures(low).alice);

      // Her time runs out: the server flags her by itself, the client shows the flag.
      const flagged = await waitFor(/⚑ FLAG/u, 20_000);
      keep('tui-clock-flag');
      expect(flagged).toContain('⚑ FLAG  GAME OVER 0-1  White ran out of time — Black wins. You lost.');
      expect(flagged).toContain('■ Game over: White ran out of time — Black wins');
      expect(clockFigures(flagged).alice).toBe('0.0');

      expect(await botExit, botOutput).toBe(0);
      expect(botOutput).toMatch(/result: 0-1 \(timeout\): black won — you won/u);
      const final = await app.games.state(gameId);
      expect(final.ok && final.value).toMatchObject({ status: 'finished', termination: 'timeout', winner: 'black' });
      expect(final.ok && final.value.clock).toMatchObject({ whiteMs: 0, running: null });

      tmux('send-keys', '-t', PANE, 'q');
      await waitFor(new RegExp(`Game ${gameId} is over`, 'u'));
    } finally {
      bot.kill();
    }
  }, 120_000);
});
