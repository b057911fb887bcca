/**
 * Issue 13, terminal items 1, 3, 4, 5 and 8, in real terminals: a real server on an ephemeral port and the real
 * client (tui-client/bin.js over dist/) in tmux panes, the screen read with `tmux capture-pane`.
 * - a game id starting with `-` passed to `--game`, and the resume hint's command working;
 * - `q` typed as the start of a move never quits; `q` and Enter does, and the terminal is restored;
 * - resizing 80×24 → 40×12 → 120×40: every rank fits, no stale lines, a bigger board in a big terminal;
 * - NO_COLOR (no colour sequences), LANG=C and --ascii (ASCII only), TERM=dumb (line mode);
 * - two clients play Fool's mate with the arrow keys and Enter only.
 * With ROOKERY_SCREEN_DIR set, the screens at 40×12, 80×24 and 120×40 (Unicode and ASCII) are saved there as text
 * (docs/tui-*.txt).
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
const SOCKET = `rookery-tui-13-${process.pid}-${Date.now()}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(pane: string, escapes = false): string {
  // -J joins lines the terminal wrapped (the farewell line is longer than 80 columns).
  return tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-t', pane);
}

async function waitFor(pane: string, pattern: RegExp, timeoutMs = 20_000, escapes = false): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(pane, escapes);
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

/** The lines of a capture without the blank ones tmux pads it with. */
function frameLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return lines;
}

function keep(name: string, text: string): void {
  const dir = process.env['ROOKERY_SCREEN_DIR'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.txt`), `${frameLines(text).join('\n')}\n`);
}

describe('terminal client in tmux, issue 13', () => {
  let app: FastifyInstance;
  let server: string;
  let home: string;
  let api: RookeryClient;
  let sessions = 0;

  beforeAll(async () => {
    execFileSync('node', [BIN, '--help'], { encoding: 'utf8' });
    app = await buildApp();
    server = await app.listen({ host: '127.0.0.1', port: 0 });
    home = mkdtempSync(join(tmpdir(), 'rookery-tui-13-e2e-'));
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

  /** A new pane of that size running `sh`, with this environment. */
  function pane(columns: number, rows: number, env: Record<string, string> = {}): string {
    const name = `p${++sessions}`;
    const vars = { XDG_CONFIG_HOME: join(home, name), LANG: 'C.UTF-8', TERM: 'xterm-256color', ...env };
    const flags = Object.entries(vars).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), ...flags, 'sh');
    return name;
  }

  const run = (name: string, args: string, prefix = '') =>
    // clear first: the captures then show the client's frame alone.
    tmux('send-keys', '-t', name, `clear; ${prefix}node ${BIN} --server ${server} --interval 300 ${args}`, 'Enter');

  it('item 1: --game takes an id that starts with -, and the resume hint works as printed', async () => {
    let id = '';
    while (!id.startsWith('-')) id = (await api.createGame()).id;
    const p = pane(80, 24);
    run(p, `--name dash --game ${id}`);
    expect((await waitFor(p, /you play white as dash/u)).includes(`game ${id} · you play white`)).toBe(true);
    // Quit (q, Enter) and read the hint: its command resumes the seat.
    await keys(p, 'q', 'Enter');
    const farewell = await waitFor(p, /add --game (\S+)\) to resume/u);
    const hinted = /add --game (\S+)\) to resume/u.exec(farewell)![1]!;
    expect(hinted).toBe(id);
    await waitForShell(p);
    tmux('send-keys', '-t', p, 'clear', 'Enter');
    run(p, `--name dash --game ${hinted}`);
    await waitFor(p, /Resumed your saved seat/u);
    await keys(p, 'q', 'Enter');
    await waitForShell(p);
  }, 60_000);

  it('item 3: q begins a move and never quits on its own; q and Enter quits and restores the terminal', async () => {
    // A game of its own (quick pairing would sit opposite a game another test left waiting).
    const created = await api.createGame();
    const p = pane(80, 24);
    run(p, `--name quitter --game ${created.id} --color white`);
    await waitFor(p, /Waiting for an opponent/u);
    await keys(p, 'q', 'h');
    await waitFor(p, /Move › qh/u);
    expect(tmux('display-message', '-p', '-t', p, '#{pane_current_command}').trim()).not.toBe('sh');
    await keys(p, 'BSpace');
    await waitFor(p, /Enter quits \(your seat is kept\), or go on typing a queen move\./u);
    await keys(p, 'Enter');
    await waitFor(p, /Your seat in game \S+ is saved/u);
    await waitForShell(p);
    tmux('send-keys', '-t', p, 'stty -a | tr " " "\\n" | grep -x -e icanon -e echo | tr "\\n" "+"; echo END', 'Enter');
    await waitFor(p, /icanon\+echo\+END/u);
    expect(tmux('display-message', '-p', '-t', p, '#{cursor_flag}').trim()).toBe('1');
  }, 60_000);

  it('item 4: fits 40×12 after a resize, leaves no stale lines, and uses 120×40 for a bigger board', async () => {
    const created = await api.createGame();
    const p = pane(80, 24);
    run(p, `--name sizer --game ${created.id} --color white`);
    await waitFor(p, /Waiting for an opponent/u);
    await api.join(created.id, 'bob', 'black');
    await waitFor(p, /▶ Your move/u);
    const normal = screen(p);
    expect(normal.match(/Rookery · game/gu)).toHaveLength(1);
    keep('tui-80x24', normal);

    tmux('resize-window', '-t', p, '-x', '40', '-y', '12');
    const small = await waitFor(p, /^8 .*8\n[\s\S]*^1 .*1\n[\s\S]*Move ›/mu);
    const lines = frameLines(small);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(small).toContain('a b c d e f g h');
    expect(small).not.toContain('Rookery · game');
    keep('tui-40x12', small);

    tmux('resize-window', '-t', p, '-x', '120', '-y', '40');
    const large = await waitFor(p, /Rookery · game[\s\S]*a {5}b {5}c/u);
    expect(large.match(/Rookery · game/gu)).toHaveLength(1);
    expect(frameLines(large).length).toBeLessThan(40);
    keep('tui-120x40', large);
    await keys(p, 'q', 'Enter');
    await waitForShell(p);
  }, 60_000);

  it('item 5: NO_COLOR has no colours, LANG=C and --ascii are ASCII only, TERM=dumb is line mode', async () => {
    /** A game with black seated, for a client to take white in. */
    const game = async () => {
      const created = await api.createGame();
      await api.join(created.id, 'bob', 'black');
      return created;
    };
    let created = await game();
    const plain = pane(80, 24, { NO_COLOR: '1' });
    run(plain, `--name plain --game ${created.id} --color white`);
    const coloured = await waitFor(plain, /▶ Your move/u, 20_000, true);
    // No foreground or background colour at all (bold and inverse may stay).
    const sgr = [...coloured.matchAll(new RegExp(`${String.fromCharCode(27)}\\[([0-9;]*)m`, 'gu'))].map(
      (match) => match[1]!,
    );
    // tmux writes 39 and 49 (default colours) itself; any other colour code would be the client's.
    const colours = sgr
      .flatMap((params) => params.split(';'))
      .filter((code) => /^(3[0-8]|4[0-8]|9\d|10\d)$/u.test(code));
    expect(colours).toEqual([]);
    expect(coloured).toContain('Move › ');
    await keys(plain, 'q', 'Enter');
    await waitForShell(plain);

    for (const [env, args, name] of [
      [{ LANG: 'C' }, '', 'tui-ascii'],
      [{}, '--ascii', ''],
    ] as const) {
      created = await game();
      const p = pane(80, 24, env);
      run(p, `--name letters --game ${created.id} --color white ${args}`);
      const text = await waitFor(p, /> Your move/u);
      expect(text.replace(/^.*\n/u, '')).toMatch(/^[\p{ASCII}]*$/u);
      expect(text).toContain('8 r n b q k b n r  8');
      expect(text).toContain('Move > ');
      if (name) keep('tui-80x24-ascii', text);
      await keys(p, 'q', 'Enter');
      await waitForShell(p);
    }

    created = await game();
    // tmux sets TERM in its panes itself: the variable goes on the command line.
    const dumb = pane(80, 24);
    run(dumb, `--name dumb --game ${created.id} --color white`, 'TERM=dumb ');
    await waitFor(dumb, /Your move \(white\).*: type a move, or help\./u);
    // No full-screen frame: the cursor stays shown and there is no move field.
    expect(screen(dumb)).not.toContain('Move ›');
    expect(tmux('display-message', '-p', '-t', dumb, '#{cursor_flag}').trim()).toBe('1');
    // A line typed at a terminal is echoed by the terminal alone, not once more by the client.
    tmux('send-keys', '-t', dumb, 'e4', 'Enter');
    const after = await waitFor(dumb, /Moves: 1\. e4/u);
    expect(after).not.toContain('> e4');
    tmux('send-keys', '-t', dumb, 'C-c');
    await waitForShell(dumb);
  }, 90_000);

  it("item 8: two terminals play Fool's mate with the arrow keys and Enter alone", async () => {
    const created = await api.createGame();
    const white = pane(120, 40);
    const black = pane(40, 12, { LANG: 'C' });
    run(white, `--name alice --game ${created.id} --color white --ascii`);
    await waitFor(white, /Waiting for an opponent/u);
    run(black, `--name bob --game ${created.id} --color black`);
    await waitFor(white, /> Your move/u);
    // White: the first arrow shows the cursor on e2 (< after the pawn); f2-f3 is right one, pick up, up one.
    await keys(white, 'Up');
    await waitFor(white, /^2 .*P<.* 2/mu);
    await keys(white, 'Right', 'Enter', 'Up', 'Enter');
    await waitFor(white, /1\. f3/u);
    await waitFor(black, /> Your move/u);
    // Black (its own view, rank 1 on top): e7-e5 is up two on screen.
    await keys(black, 'Up');
    await waitFor(black, /^7 .*p<.* 7/mu);
    await keys(black, 'Enter', 'Up', 'Up', 'Enter');
    await waitFor(white, /1\. f3\s+e5/u);
    // White: g2-g4 from f3: down one, right one, pick up, up two.
    await keys(white, 'Down', 'Right', 'Enter');
    // The targets g3 and g4 carry a dot (o in ASCII) on the glyph's line of their squares.
    const picked = await waitFor(white, /^4 .* o .* 4[\s\S]*^3 .* o .* 3/mu);
    keep('tui-120x40-ascii', picked);
    await keys(white, 'Up', 'Up', 'Enter');
    await waitFor(black, /> Your move/u);
    // Black: from e5 to the queen on d8 (down three, right one), then to h4 (left four, up four).
    await keys(black, 'Down', 'Down', 'Down', 'Right', 'Enter', 'Left', 'Left', 'Left', 'Left', 'Up', 'Up', 'Up', 'Up');
    const aimed = await waitFor(black, /^4 .*<.*4$/mu);
    keep('tui-40x12-ascii', aimed);
    await keys(black, 'Enter');
    await waitFor(black, /GAME OVER 0-1/u);
    await waitFor(white, /GAME OVER 0-1[\s\S]*You lost\./u);
    expect((await api.state(created.id)).moves).toEqual(['f3', 'e5', 'g4', 'Qh4#']);
    for (const p of [white, black]) {
      await keys(p, 'q');
      await waitForShell(p);
    }
  }, 90_000);
});
