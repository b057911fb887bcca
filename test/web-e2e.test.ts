/**
 * End to end in real headless Chromium with JavaScript disabled in every context: people join from the lobby and
 * play whole games by clicking squares or typing moves, and each sees the other's move arrive by meta refresh
 * alone (the test never reloads). Saves screenshots (lobby, white with a piece selected, black, game over) at
 * 1280×800 and 390×844 under test-results/web/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compiled } from './support/compiled.js';

const CHROMIUM = '/usr/bin/chromium';
const REFRESH_SECONDS = 1;
/** The bound: a move shows on the other page within the refresh interval plus one second. */
const ARRIVAL_BOUND_MS = REFRESH_SECONDS * 1000 + 1000;
const SHOTS = 'test-results/web';
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };

let server: { url: string; stop: () => Promise<void> } | undefined;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** How long each move took to show on the other page (reported at the end). */
const arrivals: number[] = [];
/** The last document each page received (its network timing tells when a move arrived). */
const lastDocument = new WeakMap<Page, Response>();
/** When each page's last form post was answered (a move, a join, a draw offer). */
const lastPostAnswered = new WeakMap<Page, number>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does).`);
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  base = server.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  if (arrivals.length > 0) {
    const sorted = [...arrivals].sort((a, b) => a - b);
    console.info(
      `web e2e: ${arrivals.length} arrivals by meta refresh, median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms`,
    );
  }
  await browser?.close();
  await server?.stop();
});

// Pages left open keep refreshing and compete for the CPU with the next test's pages.
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/**
 * The real server (server/main.ts, compiled) in its own process, as people run it, with React's production build
 * (NODE_ENV=production renders pages about three times faster, which matters for the arrival bound on a busy
 * machine). Resolves once it prints its address.
 */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      ...[compiled('server/main.ts'), '--host', '127.0.0.1', '--port', '0'],
      ...['--refresh', String(REFRESH_SECONDS), '--data', ':memory:', '--log-level', 'warn'],
    ],
    { env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /serving at (http:\/\/127\.0\.0\.1:\d+)/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

/** A fresh browser profile with JavaScript off: separate cookies, separate seat. */
async function person(viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport, baseURL: base });
  contexts.push(context);
  const page = await context.newPage();
  page.on('response', (response) => {
    if (!response.request().isNavigationRequest() || response.frame() !== page.mainFrame()) return;
    lastDocument.set(page, response);
    const timing = response.request().timing();
    if (response.request().method() === 'POST')
      lastPostAnswered.set(page, timing.startTime + Math.max(0, timing.responseStart));
  });
  return page;
}

/** Screenshots of the page as it is, at both sizes (changing the viewport does not reload). */
async function snap(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png` });
  await page.setViewportSize(MOBILE);
  await page.screenshot({ path: `${SHOTS}/${name}-mobile.png` });
  await page.setViewportSize(size);
}

async function refreshTags(page: Page): Promise<number> {
  return page.locator('meta[http-equiv="refresh"]').count();
}

/**
 * Wait, without reloading, until the page shows `ply` half-moves (and optionally a status), and check that the
 * page showing it arrived within the bound; returns the time it took. "Arrived" is when the browser received the
 * last byte of that page (its network timing), so that the test's own scheduling on a busy machine does not count.
 */
async function arrives(page: Page, ply: number, status = 'active', mover?: Page): Promise<number> {
  // From when the server answered the mover's last post (the change happened before that), else from now.
  const started = (mover && lastPostAnswered.get(mover)) ?? Date.now();
  const shown = page.locator(`.game-layout[data-ply="${ply}"][data-status="${status}"]`);
  // Look again after every load (the page's own meta refresh), rather than polling on a timer.
  for (;;) {
    const loaded = page.waitForEvent('load', { timeout: 10_000 });
    loaded.catch(() => {});
    const isShown = await shown.count().then(
      (count) => count > 0,
      () => false, // the document went away mid-look: a refresh is under way
    );
    if (isShown) break;
    await loaded;
  }
  const timing = lastDocument.get(page)?.request().timing();
  const receivedAt = timing && timing.responseEnd >= 0 ? timing.startTime + timing.responseEnd : Date.now();
  const took = Math.max(0, Math.round(receivedAt - started));
  arrivals.push(took);
  expect(took, `ply ${ply} arrived after ${took} ms`).toBeLessThanOrEqual(ARRIVAL_BOUND_MS);
  return took;
}

/** A click-to-move: the piece, then its destination; the player's own page must not refresh while choosing. */
async function clickMove(page: Page, from: string, to: string): Promise<void> {
  expect(await refreshTags(page)).toBe(0);
  await page.locator(`button[name="select"][value="${from}"]`).click();
  await page.locator(`button[name="move"][value="${from}${to}"], button[name="to"][value="${to}"]`).click();
}

/** Type a move into the field and play it; answers the HTTP status of the POST. */
async function typeMove(page: Page, text: string): Promise<number> {
  expect(await refreshTags(page)).toBe(0);
  await page.getByLabel('Type your move').fill(text);
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === 'POST'),
    page.getByRole('button', { name: 'Play', exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

/** Enter the lobby under `name` and press Untimed in the quick pairing grid. */
async function quickPlay(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: /^Untimed/u }).click();
  await page.waitForURL(/\/play\/[^/]+\/[^/?]+$/u);
}

function secretOf(page: Page): string {
  const match = /\/play\/[^/]+\/([^/?]+)/u.exec(page.url());
  if (!match) throw new Error(`not a player page: ${page.url()}`);
  return match[1]!;
}

describe('the browser client without JavaScript', { timeout: 90_000 }, () => {
  it('plays a game to checkmate by clicking squares only, watched by a spectator', async () => {
    const alice = await person(DESKTOP);
    const bob = await person(MOBILE);
    const carol = await person(DESKTOP);

    await quickPlay(alice, 'alice');
    await expect(alice.getByRole('status').first().textContent()).resolves.toContain('Waiting for an opponent');
    // Polled: a page that is reloading itself at that moment has no head yet.
    await expect.poll(() => refreshTags(alice), { timeout: 5000 }).toBe(1);

    await bob.goto('/');
    await bob.getByLabel('Your name').fill('bob');
    await snap(bob, 'lobby');
    await bob.getByRole('button', { name: "Join alice's game as black" }).click();
    await bob.waitForURL(/\/play\//u);
    expect(await bob.locator('.game-layout').getAttribute('data-status')).toBe('active');

    // Alice's waiting page notices the second player by itself.
    await arrives(alice, 0, 'active', bob);
    await expect(alice.getByRole('status').first().textContent()).resolves.toContain('Your move');
    // Polled: a page that is reloading itself at that moment has no head yet.
    await expect.poll(() => refreshTags(bob), { timeout: 5000 }).toBe(1);

    // A spectator finds the game in the lobby.
    await carol.goto('/');
    await carol.getByRole('link', { name: 'Watch alice vs bob' }).click();
    await carol.waitForURL(/\/games\//u);
    expect(await carol.locator('button[name="move"], button[name="select"], #move-input').count()).toBe(0);

    // 1. f3: the piece shows its destinations first.
    await alice.locator('button[name="select"][value="f2"]').click();
    await expect(alice.getByRole('button', { name: 'f3, empty, move here' }).count()).resolves.toBe(1);
    await expect(alice.getByRole('button', { name: 'f4, empty, move here' }).count()).resolves.toBe(1);
    await alice.locator('button[name="move"][value="f2f3"]').click();
    // Polled: a page that is reloading itself at that moment has no head yet.
    await expect.poll(() => refreshTags(alice), { timeout: 5000 }).toBe(1);

    await arrives(bob, 1, 'active', alice);
    await arrives(carol, 1, 'active', alice);
    await clickMove(bob, 'e7', 'e5');
    await arrives(alice, 2, 'active', bob);
    await alice.locator('button[name="select"][value="g2"]').click();
    await snap(alice, 'white-selected');
    await alice.locator('button[name="move"][value="g2g4"]').click();
    await arrives(bob, 3, 'active', alice);
    await snap(bob, 'black');
    await clickMove(bob, 'd8', 'h4');

    await arrives(alice, 4, 'finished', bob);
    await arrives(carol, 4, 'finished', bob);
    for (const page of [alice, bob, carol]) {
      await expect(page.locator('.game-over-headline').textContent()).resolves.toBe('Checkmate — Black wins');
      expect(await refreshTags(page)).toBe(0);
    }
    await expect(alice.locator('.game-over-result').textContent()).resolves.toContain('You lost');
    await expect(bob.locator('.game-over-result').textContent()).resolves.toContain('You won');
    await expect(carol.getByRole('log').textContent()).resolves.toMatch(/1\.f3e52\.g4Qh4#/u);
    // The check is marked in words on the mated king's square.
    await expect(alice.getByRole('img', { name: 'e1, white king, in check' }).count()).resolves.toBe(1);
    await snap(alice, 'game-over');

    // Back in the lobby the name is remembered, so the lobby has no text field and refreshes itself.
    await alice.getByRole('link', { name: 'New game', exact: true }).click();
    await expect(alice.locator('.chosen-name').textContent()).resolves.toBe('alice');
    // Polled: a page that is reloading itself at that moment has no head yet.
    await expect.poll(() => refreshTags(alice), { timeout: 5000 }).toBe(1);
    await alice.goBack();

    // No seat's secret appears on another player's page, the spectator's page or the lobby.
    const secrets = [secretOf(alice), secretOf(bob)];
    await carol.goto('/');
    for (const [page, own] of [
      [alice, secrets[0]],
      [bob, secrets[1]],
      [carol, undefined],
    ] as const) {
      const html = await page.content();
      for (const secret of secrets) if (secret !== own) expect(html).not.toContain(secret);
    }
  });

  it('plays a game to checkmate by typing only, refusing an illegal move and showing a hostile name as text', async () => {
    const alice = await person(DESKTOP);
    const mallory = await person(DESKTOP);
    const hostile = '<script>alert(1)</script>';

    await quickPlay(alice, 'alice');
    await quickPlay(mallory, hostile);
    expect(new URL(mallory.url()).pathname.split('/')[2]).toBe(new URL(alice.url()).pathname.split('/')[2]);
    await arrives(alice, 0, 'active', mallory);

    // The hostile name is text on the opponent's page, never markup.
    await expect(alice.locator('.player-bar.top .player-name').textContent()).resolves.toContain(hostile);
    const html = await alice.content();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');

    // An illegal move is refused with the message, the text kept and a suggestion; nothing is played. The refusal
    // redirects (303) to the page, which shows it (issue 13, browser item 2).
    expect(await typeMove(alice, 'g1f4')).toBe(303);
    expect(alice.url()).toMatch(/\?notice=/u);
    await expect(alice.getByRole('alert').textContent()).resolves.toContain('"g1f4" is not a legal move');
    await expect(alice.getByRole('alert').textContent()).resolves.toContain('Did you mean Nf3?');
    expect(await alice.getByLabel('Type your move').inputValue()).toBe('g1f4');
    expect(await alice.locator('.game-layout').getAttribute('data-ply')).toBe('0');
    expect(await mallory.locator('.game-layout').getAttribute('data-ply')).toBe('0');

    // Forgiving notation: any case, dashes, spaces, lowercase pieces.
    const moves: Array<[Page, Page, string]> = [
      [alice, mallory, 'E2-E4'],
      [mallory, alice, 'e7 e5'],
      [alice, mallory, 'bc4'],
      [mallory, alice, 'b8c6'],
      [alice, mallory, 'qh5'],
      [mallory, alice, 'Ng8-f6'],
    ];
    for (const [index, [mover, watcher, text]] of moves.entries()) {
      expect(await typeMove(mover, text), text).toBe(303);
      // Polled: a page that is reloading itself at that moment has no head yet.
      await expect.poll(() => refreshTags(mover), { timeout: 5000 }).toBe(1);
      await arrives(watcher, index + 1, 'active', mover);
    }
    expect(await typeMove(alice, 'qxf7#')).toBe(303);
    await arrives(mallory, 7, 'finished', alice);
    await expect(mallory.locator('.game-over-headline').textContent()).resolves.toBe('Checkmate — White wins');
    await expect(alice.getByRole('log').textContent()).resolves.toContain('Qxf7#');
  });

  it('promotes by clicking, resigns after confirming, and agrees a draw in the rematch', async () => {
    const alice = await person(DESKTOP);
    const bob = await person(MOBILE);

    await alice.goto('/');
    await alice.getByRole('link', { name: 'New game with options…' }).click();
    await alice.getByLabel('Your name').fill('alice');
    await alice.getByLabel('Start from a position').fill('7k/4P3/8/8/8/8/8/4K3 w - - 0 1');
    await alice.getByLabel('White', { exact: true }).check();
    await alice.getByRole('button', { name: 'Create game' }).click();
    await alice.waitForURL(/\/play\//u);

    await bob.goto('/');
    await bob.getByLabel('Your name').fill('bob');
    await bob.getByRole('button', { name: "Join alice's game as black" }).click();
    await bob.waitForURL(/\/play\//u);
    await arrives(alice, 0, 'active', bob);

    // e7-e8 asks for the piece, then plays it.
    await clickMove(alice, 'e7', 'e8');
    await expect(alice.locator('.promotion legend').textContent()).resolves.toContain('Promote the pawn on e8');
    expect(await refreshTags(alice)).toBe(0);
    await alice.getByRole('button', { name: /Queen/u }).click();
    await arrives(bob, 1, 'active', alice);
    await expect(bob.getByRole('status').first().textContent()).resolves.toBe('Check! Your move');
    await expect(bob.getByRole('img', { name: 'e8, white queen, last move' }).count()).resolves.toBe(1);
    await expect(bob.getByRole('log').textContent()).resolves.toContain('e8=Q+');

    // Resigning asks first.
    await bob.getByRole('button', { name: 'Resign…' }).click();
    await expect(bob.getByRole('alert').textContent()).resolves.toContain('Resign this game?');
    expect(await refreshTags(bob)).toBe(0);
    await bob.getByRole('button', { name: 'Yes, resign' }).click();
    await expect(bob.locator('.game-over-headline').textContent()).resolves.toBe('Black resigned — White wins');
    await arrives(alice, 1, 'finished', bob);
    await expect(alice.locator('.game-over-headline').textContent()).resolves.toBe('Black resigned — White wins');

    // Rematch: the first to ask creates it (colours swapped), the second joins it.
    await alice.getByRole('button', { name: 'Rematch' }).click();
    await alice.waitForURL(/\/play\//u);
    await expect(alice.locator('.game-layout').getAttribute('data-status')).resolves.toBe('waiting');
    await bob.getByRole('button', { name: /Rematch/u }).click();
    await bob.waitForURL(/\/play\//u);
    expect(new URL(bob.url()).pathname.split('/')[2]).toBe(new URL(alice.url()).pathname.split('/')[2]);
    await arrives(alice, 0, 'active', bob);
    await expect(bob.locator('.player-bar.bottom').textContent()).resolves.toContain('bob');
    await expect(bob.getByRole('status').first().textContent()).resolves.toBe('Your move');

    // Bob (white now, to move) offers a draw; Alice's waiting page shows it by itself; she accepts.
    await bob.getByRole('button', { name: 'Offer draw' }).click();
    await alice.getByRole('button', { name: 'Accept draw' }).waitFor({ timeout: ARRIVAL_BOUND_MS + 1000 });
    await alice.getByRole('button', { name: 'Accept draw' }).click();
    await expect(alice.locator('.game-over-headline').textContent()).resolves.toBe('Draw by agreement');
    await bob.getByRole('link', { name: 'Refresh', exact: true }).click();
    await expect(bob.locator('.game-over-headline').textContent()).resolves.toBe('Draw by agreement');
  });
});
