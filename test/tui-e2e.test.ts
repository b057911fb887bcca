/**
 * End to end: a real server on an ephemeral port and two real terminal clients in tmux panes (80×24) play Fool's
 * mate by typing. Each sees the other's move by polling alone; an illegal move shows the server's reason and
 * changes nothing; quitting and starting again resumes the seat; `q` leaves the terminal as it found it.
 * The screen is read with `tmux capture-pane`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';

const BIN = resolve('tui-client/bin.js');
const INTERVAL_MS = 500;
const SOCKET = `rookery-tui-e2e-${process.pid}-${Date.now()}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(pane: string): string {
  return tmux('capture-pane', '-p', '-t', pane);
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

/**
 * Wait until the client has exited and the pane's shell has the terminal again: the farewell line is printed
 * just before the process ends, and keys sent in between would go to the client, not the shell.
 */
async function waitForShell(pane: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (tmux('display-message', '-p', '-t', pane, '#{pane_current_command}').trim() !== 'sh') {
    if (Date.now() > deadline) throw new Error(`pane ${pane}: the client did not exit within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Type text into a pane, wait until the field shows it, then press Enter. */
async function typeMove(pane: string, text: string): Promise<void> {
  tmux('send-keys', '-t', pane, '-l', text);
  await waitFor(pane, new RegExp(`Move › ${text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'u'));
  tmux('send-keys', '-t', pane, 'Enter');
}

describe('terminal client in tmux (80×24)', () => {
  let app: FastifyInstance;
  let server: string;
  const homes: Record<string, string> = {};

  beforeAll(async () => {
    // Load the whole client once before the clock starts: on a fresh clone of a busy machine the first start is
    // the slowest (nothing in the file cache yet), and it is not what this suite measures.
    execFileSync('node', [BIN, '--help'], { encoding: 'utf8' });
    app = await buildApp();
    server = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const name of ['alice', 'bob']) {
      homes[name] = mkdtempSync(join(tmpdir(), `rookery-tui-${name}-`));
      // A plain shell in each pane, so that what the client leaves behind after quitting can be checked.
      // A UTF-8 locale: the screen is checked for Unicode pieces (a C locale gets ASCII).
      const env = ['-e', `XDG_CONFIG_HOME=${homes[name]}`, '-e', 'LANG=C.UTF-8'];
      tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', ...env, 'sh');
    }
  });

  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    // tmux leaves its socket file behind.
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SOCKET), { force: true });
    await app?.close();
    for (const home of Object.values(homes)) rmSync(home, { recursive: true, force: true });
  });

  const start = (name: string) =>
    tmux('send-keys', '-t', name, `node ${BIN} --server ${server} --name ${name} --interval ${INTERVAL_MS}`, 'Enter');

  /** Time from `from` showing `pattern` (the mover, from its own answer) to `to` showing it (by polling). */
  async function seenByPolling(to: string, pattern: RegExp, since: number): Promise<number> {
    await waitFor(to, pattern, 10_000);
    return Date.now() - since;
  }

  it('plays a whole game, resumes a seat and restores the terminal', async () => {
    start('alice');
    await waitFor('alice', /Waiting for an opponent to join game/u, 60_000);
    start('bob');
    await waitFor('bob', /you play black as bob/u, 60_000);
    await waitFor('bob', /Waiting for alice…/u);
    const aliceScreen = await waitFor('alice', /▶ Your move/u);
    expect(aliceScreen).toMatch(/you play white as alice/u);
    const gameId = /game (\S+) · you play/u.exec(aliceScreen)![1]!;

    // 1. f3: alice's own answer shows it; bob sees it by polling within the interval plus a second.
    await typeMove('alice', 'f3');
    await waitFor('alice', /1\. f3/u);
    let shown = Date.now();
    expect(await seenByPolling('bob', /1\. f3/u, shown)).toBeLessThanOrEqual(INTERVAL_MS + 1000);
    await waitFor('bob', /▶ Your move/u);

    // An illegal move: the server's reason on screen, the game unchanged.
    const before = await app.games.state(gameId);
    await typeMove('bob', 'e4');
    const refused = await waitFor('bob', /not a legal move/u);
    expect(refused).toMatch(/✗ "e4" is not a legal move for black/u);
    const after = await app.games.state(gameId);
    expect(after.ok && before.ok && after.value.version).toBe(before.ok && before.value.version);
    expect(after.ok && after.value.moves).toEqual(['f3']);

    // 1... e5 (typing replaces the refused text).
    await typeMove('bob', 'e5');
    await waitFor('bob', /1\. f3\s+e5/u);
    shown = Date.now();
    expect(await seenByPolling('alice', /1\. f3\s+e5/u, shown)).toBeLessThanOrEqual(INTERVAL_MS + 1000);

    // Bob quits (q, then Enter: a lone q may begin a queen move): the terminal is restored, and starting again
    // resumes the same seat.
    tmux('send-keys', '-t', 'bob', 'q');
    await waitFor('bob', /Enter quits/u);
    tmux('send-keys', '-t', 'bob', 'Enter');
    await waitFor('bob', new RegExp(`Your seat in game ${gameId} is saved`, 'u'));
    await waitForShell('bob');
    tmux(
      'send-keys',
      '-t',
      'bob',
      'stty -a | tr " " "\\n" | grep -x -e icanon -e echo | tr "\\n" "+"; echo END',
      'Enter',
    );
    expect(await waitFor('bob', /icanon\+echo\+END/u)).toBeTruthy();
    expect(tmux('display-message', '-p', '-t', 'bob', '#{cursor_flag}').trim()).toBe('1');
    const seatFile = join(homes['bob']!, 'rookery', 'seats.json');
    expect(statSync(seatFile).mode & 0o777).toBe(0o600);
    tmux('send-keys', '-t', 'bob', 'clear', 'Enter');
    start('bob');
    const resumed = await waitFor('bob', /Resumed your saved seat/u, 30_000);
    expect(resumed).toContain(`game ${gameId} · you play black as bob`);
    expect(resumed).toMatch(/1\. f3\s+e5/u);

    // 2. g4 Qh4#.
    await typeMove('alice', 'g4');
    await waitFor('alice', /2\. g4/u);
    shown = Date.now();
    expect(await seenByPolling('bob', /2\. g4/u, shown)).toBeLessThanOrEqual(INTERVAL_MS + 1000);
    await waitFor('bob', /▶ Your move/u);
    await typeMove('bob', 'Qh4');
    const bobEnd = await waitFor('bob', /GAME OVER 0-1/u);
    expect(bobEnd).toMatch(/Checkmate — Black wins\. You won!/u);
    shown = Date.now();
    expect(await seenByPolling('alice', /GAME OVER 0-1/u, shown)).toBeLessThanOrEqual(INTERVAL_MS + 1000);
    expect(screen('alice')).toMatch(/Checkmate — Black wins\. You lost\./u);
    // The mated king's square is marked by a character, not only by colour.
    expect(screen('alice')).toContain('♔\uFE0E+');

    // q quits from the final screen too, leaving cursor and line discipline as they were.
    tmux('send-keys', '-t', 'alice', 'q');
    await waitFor('alice', new RegExp(`Game ${gameId} is over`, 'u'));
    await waitForShell('alice');
    tmux(
      'send-keys',
      '-t',
      'alice',
      'stty -a | tr " " "\\n" | grep -x -e icanon -e echo | tr "\\n" "+"; echo END',
      'Enter',
    );
    await waitFor('alice', /icanon\+echo\+END/u);
    expect(tmux('display-message', '-p', '-t', 'alice', '#{cursor_flag}').trim()).toBe('1');
  }, 150_000);
});
