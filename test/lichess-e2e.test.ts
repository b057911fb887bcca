/**
 * The lichess Bot API end to end, every part real and compiled: the server (dist/, with an admin token to make
 * the bot account over HTTP), the repository's bot in lichess-API mode (`npm run bot -- --lichess-api`) with
 * Stockfish on a short movetime, and headless Chromium with JavaScript off. A person presses the bot's 1+0 button
 * in the lobby; the challenge page becomes the game; the person types a few moves (each chosen from the game's
 * public status) and resigns. The game ends with a result and both clocks spent, the bot says it won, and stops
 * cleanly on SIGINT (exit 130). Then the same from the terminal client in tmux (80×24): `rookery-tui --challenge
 * StockBot --clock 3+2` shows the challenge, plays the seat (moves typed in UCI from the game's legal moves) and
 * resigns for a result; a second terminal's challenge meanwhile is declined ("later", one game at a time) and
 * says so with the bot's sentence.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import { compiled } from './support/compiled.js';

const CHROMIUM = '/usr/bin/chromium';
const STOCKFISH = '/usr/games/stockfish';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const TUI = resolve('tui-client/bin.js');
const SOCKET = `rookery-lichess-e2e-${process.pid}-${Date.now()}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

async function waitForPane(pane: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = tmux('capture-pane', '-p', '-t', pane);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`pane ${pane}: no ${pattern} within ${timeoutMs} ms. Screen:\n${text}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Make a bot account over the admin route; its token. */
async function botAccount(name: string): Promise<string> {
  const made = await fetch(`${base}/api/admin/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, bot: true }),
  });
  expect(made.status).toBe(201);
  return ((await made.json()) as { token: string }).token;
}

/** The repository's bot in lichess-API mode with Stockfish, connected. */
async function startBot(token: string): Promise<Child> {
  const child = start('bots/cli.ts', [
    ...['--lichess-api', '--token', token, '--server', base],
    ...['--engine', 'stockfish', '--engine-path', STOCKFISH, '--movetime', '50'],
  ]);
  await child.waitFor(/connected to .* as \S+; waiting for challenges/u, 'the bot to connect');
  return child;
}

/** A compiled process and everything it printed. */
interface Child {
  process: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Resolves once the output matches. */
  waitFor: (pattern: RegExp, what: string, timeoutMs?: number) => Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function start(entry: string, args: string[]): Child {
  const child = spawn(process.execPath, [compiled(entry), ...args], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const read = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    exited,
    waitFor: (pattern, what, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(match);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${what}; output:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

async function stop(child: Child | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (!child) return null;
  if (child.process.exitCode !== null) return child.process.exitCode;
  child.process.kill(signal);
  return child.exited;
}

let server: Child | undefined;
let bot: Child | undefined;
let base: string;
let browser: Browser;

beforeAll(async () => {
  for (const path of [CHROMIUM, STOCKFISH])
    if (!existsSync(path)) throw new Error(`${path} is missing (.ci/run installs it).`);
  server = start('server/main.ts', [
    ...['--host', '127.0.0.1', '--port', '0', '--data', ':memory:', '--refresh', '1'],
    ...['--admin-token', ADMIN_TOKEN, '--log-level', 'warn'],
  ]);
  base = (await server.waitFor(/serving at (http:\/\/127\.0\.0\.1:\d+)/u, 'the server'))[1]!;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await stop(bot, 'SIGKILL');
  await stop(server);
});

async function status(gameId: string): Promise<GameState> {
  return (await (await fetch(`${base}/api/games/${gameId}/status`)).json()) as GameState;
}

/** Wait (reloads of the page included) until the game's public status satisfies `test`. */
async function until(
  gameId: string,
  test: (state: GameState) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<GameState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await status(gameId);
    if (test(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a person challenges the lichess-API bot (Stockfish) from Chromium, JavaScript off', () => {
  it('plays a 1+0 game to a result, then the bot stops on SIGINT', async () => {
    bot = await startBot(await botAccount('StockBot'));

    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: base });
    const page: Page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Your name').fill('dora');
    await page.getByRole('button', { name: 'Play StockBot at 1+0' }).click();
    // The challenge page waits for the answer and becomes the game: the seat's player page.
    await page.waitForURL(/\/play\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+/u, { timeout: 15_000 });
    const gameId = new URL(page.url()).pathname.split('/')[2]!;
    await bot.waitFor(/challenge \S+ \(1\+0 bullet casual standard from dora \(guest\)\): accepted/u, 'the accept');
    const start0 = await status(gameId);
    expect(start0.timeControl).toEqual({ type: 'realtime', initialSeconds: 60, incrementSeconds: 0 });
    const dora = start0.players.white?.name === 'dora' ? 'white' : 'black';

    // Dora types three moves (taken from the game's own list of legal moves), each when it is her turn.
    for (let played = 0; played < 3; played++) {
      const state = await until(gameId, (s) => s.status === 'active' && s.turn === dora, 'her turn');
      await page.goto(new URL(page.url()).pathname);
      await page.getByLabel('Type your move').fill(state.legalMoves[0]!);
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await until(gameId, (s) => s.uci.length > state.uci.length, 'her move to land');
    }
    await until(gameId, (s) => s.turn === dora && s.uci.length >= 6, 'the bot to answer');
    await page.goto(new URL(page.url()).pathname);
    await page.getByRole('button', { name: 'Resign…' }).click();
    await page.getByRole('button', { name: 'Yes, resign' }).click();

    const final = await until(gameId, (s) => s.status === 'finished', 'the result');
    const botColor = dora === 'white' ? 'black' : 'white';
    expect(final).toMatchObject({ termination: 'resignation', winner: botColor });
    expect(final.result).toBe(botColor === 'white' ? '1-0' : '0-1');
    // The clocks ran: the bot's from its second move (it thought with wtime/btime), hers while she typed.
    expect(final.clock!.whiteMs).toBeLessThan(60_000);
    expect(final.clock!.blackMs).toBeLessThan(60_000);
    await expect(
      page
        .getByText(/resigned/iu)
        .first()
        .textContent(),
    ).resolves.toBeTruthy();
    await bot.waitFor(
      new RegExp(`game ${gameId}: over: resign, won \\(\\d+ half-moves\\)`, 'u'),
      'the bot to see the end',
    );
    await context.close();

    const code = await stop(bot, 'SIGINT');
    expect(code).toBe(130);
    expect(bot.output()).toMatch(/stopped after 1 game\(s\)/u);
    const online = (await (await fetch(`${base}/api/bots`)).json()) as { bots: unknown[] };
    expect(online.bots).toEqual([]);
  }, 120_000);

  it('from the terminal client in tmux: --challenge plays the game to a result; a second challenge is declined', async () => {
    for (const path of ['/usr/bin/tmux'])
      if (!existsSync(path)) throw new Error(`${path} is missing (.ci/run installs it).`);
    bot = await startBot(await botAccount('TermBot'));
    const home = mkdtempSync(join(tmpdir(), 'rookery-lichess-tui-'));
    try {
      // A bot that is online (its event stream open) but never answers, for the third terminal.
      const silent = new AbortController();
      const silentStream = await fetch(`${base}/api/stream/event`, {
        headers: { authorization: `Bearer ${await botAccount('QuietBot')}` },
        signal: silent.signal,
      });
      expect(silentStream.status).toBe(200);
      for (const pane of ['tess', 'ugo', 'vic']) {
        tmux(
          'new-session',
          '-d',
          '-s',
          pane,
          '-x',
          '80',
          '-y',
          '24',
          '-e',
          `XDG_CONFIG_HOME=${home}/${pane}`,
          '-e',
          'LANG=C.UTF-8',
          'sh',
        );
      }
      tmux(
        'send-keys',
        '-t',
        'vic',
        `node ${TUI} --server ${base} --name vic --challenge QuietBot --clock 5+3; echo "exit=$?"`,
        'Enter',
      );
      await waitForPane('vic', /↻ Challenging QuietBot \(5\+3\) on http:\/\/127\.0\.0\.1:\d+…/u);
      tmux(
        'send-keys',
        '-t',
        'tess',
        `node ${TUI} --server ${base} --name tess --challenge TermBot --clock 3+2 --interval 300`,
        'Enter',
      );
      const opened = await waitForPane('tess', /game (\S+) · you play (white|black)/u);
      const [, gameId, tessColor] = /game (\S+) · you play (white|black)/u.exec(opened)!;
      await bot.waitFor(/challenge \S+ \(3\+2 blitz casual standard from tess \(guest\)\): accepted/u, 'the accept');

      // A second terminal challenges the busy bot: declined, in the bot's words, and the client exits 1.
      tmux(
        'send-keys',
        '-t',
        'ugo',
        `node ${TUI} --server ${base} --name ugo --challenge TermBot --clock 3+2; echo "exit=$?"`,
        'Enter',
      );
      const declined = await waitForPane('ugo', /exit=1/u);
      expect(declined).toMatch(
        /TermBot declined the challenge: This is not the right time for me,\s+please ask again later\./u,
      );

      /**
       * Type a move and press Enter until it lands: the screen may still show the previous turn for a poll
       * interval (keys typed then are refused by the client), so a move that did not land is typed again.
       */
      const playMove = async (state: GameState) => {
        for (let attempt = 0; ; attempt++) {
          await waitForPane('tess', /(?:▶|Check!) Your move/u);
          tmux('send-keys', '-t', 'tess', 'Escape');
          tmux('send-keys', '-t', 'tess', '-l', state.legalMoves[0]!);
          tmux('send-keys', '-t', 'tess', 'Enter');
          try {
            return await until(gameId!, (s) => s.uci.length > state.uci.length, 'her move to land', 3000);
          } catch (error) {
            if (attempt >= 5) throw error;
          }
        }
      };
      // Tess plays three moves (typed in UCI, from the game's legal moves), then resigns.
      for (let played = 0; played < 3; played++) {
        const state = await until(gameId!, (s) => s.status === 'active' && s.turn === tessColor, 'her turn');
        await playMove(state);
      }
      await until(gameId!, (s) => s.turn === tessColor && s.uci.length >= 6, 'the bot to answer');
      await waitForPane('tess', /(?:▶|Check!) Your move/u);
      tmux('send-keys', '-t', 'tess', 's');
      await waitForPane('tess', /Resign this game\?/u);
      tmux('send-keys', '-t', 'tess', 'y');
      const final = await until(gameId!, (s) => s.status === 'finished', 'the result');
      const botColor = tessColor === 'white' ? 'black' : 'white';
      expect(final).toMatchObject({ termination: 'resignation', winner: botColor });
      expect(final.timeControl).toEqual({ type: 'realtime', initialSeconds: 180, incrementSeconds: 2 });
      expect(final.clock!.whiteMs + final.clock!.blackMs).toBeLessThan(2 * 180_000 + 6 * 2000);
      await waitForPane('tess', /resign/iu);
      await bot.waitFor(new RegExp(`game ${gameId}: over: resign, won`, 'u'), 'the bot to see the end');
      expect(await stop(bot, 'SIGINT')).toBe(130);
      // The silent bot's challenge lapses after 20 s, and the third terminal says so.
      const lapsed = await waitForPane('vic', /exit=1/u, 30_000);
      expect(lapsed).toMatch(/QuietBot did not answer the challenge in time\./u);
      silent.abort();
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
      rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SOCKET), { force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
