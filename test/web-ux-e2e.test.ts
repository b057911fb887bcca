/**
 * Issue 13's browser items in real headless Chromium with JavaScript off: the promotion chooser where the eye is
 * (item 1), reload after a refusal never re-posts (item 2), last-move tint, check badge, won/lost and the board's
 * size (item 4), the phone lobby (item 5), focus after moves and refreshes (item 6), and one complete game played
 * only with the keyboard. Saves screenshots to test-results/web/ (docs/screenshots/ holds copies: docs/web.md).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compiled } from './support/compiled.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = 'test-results/web';

let server: { url: string; stop: () => Promise<void> } | undefined;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does).`);
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** The compiled server in its own process (as in web-e2e.test.ts), refreshing waiting pages every second. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [compiled('server/main.ts'), '--host', '127.0.0.1', '--port', '0', '--refresh', '1', '--data', ':memory:'],
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

async function person(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport, baseURL: server!.url });
  contexts.push(context);
  return context.newPage();
}

/** A new game from a FEN with white for `white`, black joined by `black` from the spectator page. */
async function gameFrom(fen: string, white: Page, black: Page): Promise<void> {
  await white.goto('/new');
  await white.getByLabel('Your name').fill('alice');
  await white.locator('#fen').fill(fen);
  await white.locator('input[name="color"][value="white"]').check();
  await white.getByRole('button', { name: 'Create game' }).click();
  await white.waitForURL(/\/play\//u);
  const id = /\/play\/([^/]+)\//u.exec(white.url())![1]!;
  await black.goto(`/games/${id}`);
  await black.getByLabel('Your name').fill('bob');
  await black.getByRole('button', { name: 'Play black' }).click();
  await black.waitForURL(/\/play\//u);
  // White's waiting page may be refreshing itself at this very moment, which aborts the reload: then its own
  // refresh brings the game.
  await white.reload().catch(() => white.waitForLoadState('load'));
}

/** Press Tab until the element matching `selector` has the focus; answers how many presses it took. */
async function tabTo(page: Page, selector: string, most = 60): Promise<number> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return presses;
  }
  throw new Error(`${selector} never took the focus in ${most} Tabs`);
}

/** Wait (the page reloads itself) until it shows `ply` half-moves. */
async function waitForPly(page: Page, ply: number, status = 'active'): Promise<void> {
  await page.locator(`.game-layout[data-ply="${ply}"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

/** WCAG relative luminance contrast of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/\d+(\.\d+)?/gu) ?? []).slice(0, 3).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

const background = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);

describe('issue 13 in the browser (JavaScript off)', { timeout: 120_000 }, () => {
  it('item 1: opens the promotion chooser over the board at 1280×800 and 1366×768, its square marked', async () => {
    const alice = await person({ width: 1280, height: 800 });
    const bob = await person({ width: 390, height: 844 });
    await gameFrom('7k/4P3/8/8/8/8/8/4K3 w - - 0 1', alice, bob);
    await alice.locator('button[name="select"][value="e7"]').click();
    await alice.locator('button[name="to"][value="e8"]').click();
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1366, height: 768 },
    ]) {
      await alice.setViewportSize(viewport);
      const chooser = alice.locator('fieldset.promotion');
      const box = (await chooser.boundingBox())!;
      expect(box.y, `chooser top at ${viewport.width}×${viewport.height}`).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `chooser bottom at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(
        viewport.height,
      );
    }
    await alice.setViewportSize({ width: 1280, height: 800 });
    await expect(alice.locator('td.promotion-target').getAttribute('class')).resolves.toContain('sq');
    expect(await alice.locator('td.promotion-target button, td.promotion-target span[aria-label]').count()).toBe(1);
    // The queen has the focus: Enter promotes.
    await expect(alice.locator('.promotion button:focus').textContent()).resolves.toContain('Queen');
    await alice.screenshot({ path: `${SHOTS}/promotion-1280x800.png` });
    await alice.keyboard.press('Enter');
    await waitForPly(alice, 1);
    await expect(alice.locator('.moves').textContent()).resolves.toContain('e8=Q');
  });

  it('item 2: a refused move lands on a GET page: reload and Back send no post again', async () => {
    const alice = await person({ width: 1280, height: 800 });
    const bob = await person({ width: 1280, height: 800 });
    await gameFrom('rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1', alice, bob);
    const posts: string[] = [];
    alice.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await alice.getByLabel('Type your move').fill('Bc4');
    await alice.getByRole('button', { name: 'Play', exact: true }).click();
    await alice.waitForURL(/\?notice=/u);
    await expect(alice.getByRole('alert').textContent()).resolves.toContain(
      'The bishop on f1 is blocked by the white pawn on e2.',
    );
    expect(posts).toHaveLength(1);
    await alice.reload();
    await alice.goBack();
    await alice.goForward();
    expect(posts).toHaveLength(1);
    await expect(alice.getByRole('alert').textContent()).resolves.toContain('is not a legal move');
  });

  it('item 4: a visible last move, a real check badge, won and lost told apart, a big board at 1440 px', async () => {
    const alice = await person({ width: 1440, height: 900 });
    const bob = await person({ width: 1440, height: 900 });
    await gameFrom('4k3/8/8/8/8/8/4P3/4K2Q w - - 0 1', alice, bob);
    await alice.getByLabel('Type your move').fill('Qh5');
    await alice.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForPly(bob, 1);
    // Each last-move square against a plain square of its colour (before: 1.03 on light squares).
    const lastLight = await background(bob, 'td.sq.last.light');
    const plainLight = await background(bob, 'td.sq.light:not(.last):not(.check)');
    expect(contrast(lastLight, plainLight), `${lastLight} on ${plainLight}`).toBeGreaterThanOrEqual(1.5);
    // The board uses the room: more than the old 66 px a square at 1440×900.
    const square = (await bob.locator('td.sq').first().boundingBox())!;
    expect(square.width).toBeGreaterThan(75);

    await bob.getByLabel('Type your move').fill('Kd8');
    await bob.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForPly(alice, 2);
    const lastDark = await background(alice, 'td.sq.last.dark');
    const plainDark = await background(alice, 'td.sq.dark:not(.last):not(.check)');
    expect(contrast(lastDark, plainDark), `${lastDark} on ${plainDark}`).toBeGreaterThanOrEqual(1.5);
    await alice.screenshot({ path: `${SHOTS}/game-1440.png` });
    // Qd5+ along the fifth rank: the black king on d8 is in check.
    await alice.getByLabel('Type your move').fill('Qd5');
    await alice.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForPly(bob, 3);
    const badge = (await bob.locator('td.sq.check .check-flag').boundingBox())!;
    const checked = (await bob.locator('td.sq.check').boundingBox())!;
    expect(badge.width / checked.width).toBeGreaterThanOrEqual(0.3);

    await bob.getByRole('button', { name: 'Resign…' }).click();
    await bob.getByRole('button', { name: 'Yes, resign' }).click();
    await waitForPly(alice, 3, 'finished');
    await bob.reload();
    const won = await background(alice, '.game-over');
    const lost = await background(bob, '.game-over');
    expect(won).not.toBe(lost);
    expect(await alice.locator('.game-over').getAttribute('data-outcome')).toBe('won');
    expect(await bob.locator('.game-over').getAttribute('data-outcome')).toBe('lost');
  });

  it('item 5: the phone lobby never scrolls sideways, even with a long unbroken name', async () => {
    const long = await person({ width: 390, height: 844 });
    await long.goto('/');
    await long.getByLabel('Your name').fill('W'.repeat(40));
    await long.getByRole('button', { name: /^3 days/u }).click();
    await long.waitForURL(/\/play\//u);
    const phone = await person({ width: 390, height: 844 });
    await phone.goto('/');
    const width = await phone.locator('html').evaluate((element) => element.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // Each waiting game is a card: the name beside (not under) its Join buttons, nothing cut off.
    const row = phone.locator('.games tbody tr').filter({ hasText: 'WWWW' });
    const name = (await row.locator('td').first().boundingBox())!;
    const join = (await row.locator('td.row-action').boundingBox())!;
    expect(name.x + name.width).toBeLessThanOrEqual(join.x + 1);
    expect(join.x + join.width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: `${SHOTS}/lobby-390.png`, fullPage: true });
    await long.getByRole('button', { name: 'Cancel this game' }).click();
  });

  it('plays a whole game with the keyboard only: focus lands on the board after every move and refresh', async () => {
    const alice = await person({ width: 1280, height: 800 });
    const bob = await person({ width: 390, height: 844 });
    for (const [page, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      await page.goto('/');
      await tabTo(page, '#name');
      await page.keyboard.type(name);
      await tabTo(page, 'button[value="untimed"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/play\//u);
    }
    await waitForPly(alice, 0);
    // Item 6: the status is the page's heading; a fresh page reaches e2 in 6 Tabs, as before.
    await expect(alice.locator('h1').textContent()).resolves.toBe('Your move');
    expect(await tabTo(alice, 'button[value="f2"]')).toBeLessThanOrEqual(6);
    await alice.keyboard.press('Enter'); // selects f2 (a GET)
    await alice.locator('td.selected').waitFor();
    await tabTo(alice, 'button[value="f2f3"]');
    await alice.keyboard.press('Enter');
    await alice.waitForURL(/#game$/u);
    // After the move the next Tab goes on from the board (to the panel: no square acts now), not from the header.
    await alice.keyboard.press('Tab');
    expect(await alice.locator('.site-header :focus').count()).toBe(0);
    expect(await alice.locator('.board-area :focus, .panel :focus').count()).toBe(1);

    // Bob learns of it by refresh, which lands on the board too: his next Tab is one of his pieces.
    await waitForPly(bob, 1);
    expect(bob.url()).toMatch(/#game$/u);
    // On his phone the page opens at the status line (not above it, not at the site's header).
    const heading = (await bob.locator('h1.status-line').boundingBox())!;
    expect(heading.y).toBeGreaterThanOrEqual(0);
    expect(heading.y).toBeLessThan(100);
    await expect(bob.locator('h1.status-line').textContent()).resolves.toBe('Your move');
    await bob.keyboard.press('Tab');
    expect(await bob.locator('.board-area button[name="select"]:focus').count()).toBe(1);
    // He types his move (in capitals: any case is read).
    await tabTo(bob, '#move-input');
    await bob.keyboard.type('E5');
    await bob.keyboard.press('Enter');
    await waitForPly(alice, 2);
    await tabTo(alice, '#move-input');
    await alice.keyboard.type('g4');
    await alice.keyboard.press('Enter');
    await waitForPly(bob, 3);
    await tabTo(bob, '#move-input');
    await bob.keyboard.type('qh4');
    await bob.keyboard.press('Enter');
    await waitForPly(bob, 4, 'finished');
    await waitForPly(alice, 4, 'finished');
    await expect(bob.locator('.game-over').getAttribute('data-outcome')).resolves.toBe('won');
    await expect(alice.locator('.game-over-result').textContent()).resolves.toContain('You lost');
    await bob.screenshot({ path: `${SHOTS}/keyboard-game-over-390.png`, fullPage: true });
  });
});
