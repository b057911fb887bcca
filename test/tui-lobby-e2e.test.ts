/**
 * Issue 13, terminal item 8 (the lobby inside the TUI), in real terminals: a real server on an ephemeral port and
 * the real compiled client (tui-client/bin.js, the bundle of `npm run build`) in tmux panes, read with
 * `tmux capture-pane`.
 * - alice waits in a game opened by quick pairing; bob opens `--lobby`, finds her game, types its number and
 *   Enter, and both terminals are in the game;
 * - carol opens the lobby, switches to the live games and watches theirs: the moves the two terminals play
 *   arrive on her screen, up to the checkmate, and her keys play nothing;
 * - dan asks for a seat in that full game with `--game ID`: the client offers to watch it, and w does;
 * - after the game, l in alice's terminal opens the lobby; `--watch ID` opens the spectator's view at once.
 * With ROOKERY_SCREEN_DIR set, the lobby and the spectator's screen are saved there as text (docs/tui-lobby-*.txt).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { RookeryClient } from '../shared/api-client.js';

const BIN = resolve('tui-client/bin.js');
const SOCKET = `rookery-tui-lobby-${process.pid}-${Date.now()}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(pane: string): string {
  return tmux('capture-pane', '-p', '-J', '-t', pane);
}

async function waitFor(pane: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(pane);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`pane ${pane}: no ${pattern} within ${timeoutMs} ms. Screen:\n${text}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function waitForShell(pane: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (tmux('display-message', '-p', '-t', pane, '#{pane_current_command}').trim() !== 'sh') {
    if (Date.now() > deadline) throw new Error(`pane ${pane}: the client did not exit within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Keys one at a time, with a pause, as a player presses them. */
async function keys(pane: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    tmux('send-keys', '-t', pane, name);
    await new Promise((done) => setTimeout(done, 120));
  }
}

/** Type a move and Enter, and wait until the mover's own move list shows it. */
async function play(pane: string, move: string, shown: RegExp): Promise<void> {
  await waitFor(pane, /▶ Your move/u);
  await keys(pane, ...move.split(''), 'Enter');
  await waitFor(pane, shown);
}

function keep(name: string, text: string): void {
  const dir = process.env['ROOKERY_SCREEN_DIR'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const lines = text.split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  writeFileSync(join(dir, `${name}.txt`), `${lines.join('\n')}\n`);
}

describe('the lobby in tmux (issue 13, terminal item 8)', () => {
  let app: FastifyInstance;
  let server: string;
  let home: string;
  let api: RookeryClient;
  let sessions = 0;

  beforeAll(async () => {
    app = await buildApp();
    server = await app.listen({ host: '127.0.0.1', port: 0 });
    home = mkdtempSync(join(tmpdir(), 'rookery-tui-lobby-e2e-'));
    api = new RookeryClient({ baseUrl: server });
  });

  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SOCKET), { force: true });
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  function pane(columns = 80, rows = 24): string {
    const name = `p${++sessions}`;
    const vars = { XDG_CONFIG_HOME: join(home, name), LANG: 'C.UTF-8', TERM: 'xterm-256color' };
    const flags = Object.entries(vars).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), ...flags, 'sh');
    return name;
  }

  const run = (name: string, args: string) =>
    tmux('send-keys', '-t', name, `clear; node ${BIN} --server ${server} --interval 300 ${args}`, 'Enter');

  /** The number of the lobby row that lists `name`, read off the screen. */
  function rowNumber(text: string, name: string): string {
    const row = new RegExp(`(\\d+)\\. ${name} `, 'u').exec(text);
    if (!row) throw new Error(`no row for ${name} in:\n${text}`);
    return row[1]!;
  }

  it('joins a waiting game from the lobby, watches the live game two other terminals play, offers to watch a full game', async () => {
    // Another game waits too (of another time control, so that quick pairing passes it by), so that picking the
    // right row matters.
    const other = await api.createGame(undefined, undefined, { type: 'correspondence', daysPerMove: 3 });
    await api.join(other.id, 'zed', 'white');
    const alice = pane();
    run(alice, '--name alice --new');
    const waiting = await waitFor(alice, /Waiting for an opponent to join game (\S+)…/u);
    const gameId = /join game (\S+)…/u.exec(waiting)![1]!;

    const bob = pane();
    run(bob, '--name bob --lobby');
    const lobby = await waitFor(bob, /\d+\. alice +vs \(free\)[\s\S]*\d+\. zed +vs \(free\)/u);
    expect(lobby).toContain('[Waiting for a player]  Live games');
    keep('tui-lobby-80x24', lobby);
    const number = rowNumber(lobby, 'alice');
    await keys(bob, ...number.split(''));
    await waitFor(bob, new RegExp(`Number ${number}: Enter joins it\\.`, 'u'));
    await keys(bob, 'Enter');
    await waitFor(bob, new RegExp(`game ${gameId} · you play black as bob`, 'u'));
    await waitFor(alice, /▶ Your move/u);

    // Carol watches from the lobby's live list.
    const carol = pane();
    run(carol, '--name carol --lobby');
    await waitFor(carol, /\[Waiting for a player\]/u);
    await keys(carol, 'Tab');
    const live = await waitFor(carol, /\d+\. alice +vs bob +untimed +move 1, white/u);
    await keys(carol, ...rowNumber(live, 'alice').split(''), 'Enter');
    await waitFor(carol, new RegExp(`watching game ${gameId}`, 'u'));
    await waitFor(carol, /Watching: alice \(white\) to move/u);
    expect(screen(carol)).not.toContain('Move ›');

    await play(alice, 'f3', /1\. f3/u);
    await waitFor(carol, /1\. f3/u);
    await play(bob, 'e5', /1\. f3 +e5/u);
    await waitFor(carol, /1\. f3 +e5/u);
    // A spectator's keys move nothing.
    await keys(carol, 'g', '4', 'Enter');

    // Dan asks for a seat in the full game: it is offered for watching.
    const dan = pane();
    run(dan, `--name dan --game ${gameId}`);
    await waitFor(dan, new RegExp(`Game ${gameId} is full: watch it instead\\?`, 'u'));
    await keys(dan, 'w');
    await waitFor(dan, /1\. f3 +e5[\s\S]*Watching: alice \(white\) to move/u);

    await play(alice, 'g4', /2\. g4/u);
    expect((await api.state(gameId)).moves).toEqual(['f3', 'e5', 'g4']);
    await waitFor(carol, /2\. g4/u);
    await play(bob, 'Qh4', /2\. g4 +Qh4#?/u);
    const mate = await waitFor(carol, /GAME OVER 0-1 {2}Checkmate — Black wins\./u);
    expect(mate).not.toMatch(/You (won|lost)/u);
    keep('tui-watch-80x24', mate);
    await waitFor(dan, /GAME OVER 0-1/u);

    // After the game, l opens the lobby.
    await waitFor(alice, /GAME OVER 0-1[\s\S]* l {2}lobby /u);
    await keys(alice, 'l');
    await waitFor(alice, /Rookery lobby/u);
    // And back from watching: l, then q quits.
    await keys(carol, 'l');
    await waitFor(carol, /Rookery lobby/u);
    for (const each of [alice, bob, carol, dan]) await keys(each, 'q');
    await keys(bob, 'q', 'Enter');
    for (const each of [alice, carol, dan]) await waitForShell(each);
  }, 120_000);

  it('--watch ID opens the spectator view at once, and fits 40×12', async () => {
    const created = await api.createGame();
    await api.join(created.id, 'kim', 'white');
    const p = pane(40, 12);
    run(p, `--name lee --watch ${created.id}`);
    const text = await waitFor(p, /^8 [\s\S]*^1 [\s\S]*Watching: waiting for a player/mu);
    const lines = text.split('\n');
    while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
    expect(lines.length).toBeLessThanOrEqual(11);
    await keys(p, 'q');
    await waitForShell(p);
  }, 60_000);
});
