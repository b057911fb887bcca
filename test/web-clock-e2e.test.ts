/**
 * Timed games end to end: the real server (compiled) and real headless Chromium with JavaScript disabled. Both
 * clocks are on the page and count down between refreshes (read twice 1.5 s apart, from what Chromium lays out:
 * its accessibility tree, which is what a screen reader reads); the server flags a side that does not move, and
 * the player on move, whose page never reloads, learns of the flag, of the opponent's resignation, of a draw offer
 * and of an abort from the status frame within the refresh interval, with the move typed or the piece selected
 * still there. One opponent has JavaScript on: the pages behave the same. Saves screenshots of a timed game at
 * 1280×800 and 390×844 under test-results/web/ (docs/web.md shows them from docs/screenshots/).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import { compiled } from './support/compiled.js';

const CHROMIUM = '/usr/bin/chromium';
/** Long enough that two clock readings 1.5 s apart fit between two reloads of a waiting page. */
const REFRESH_SECONDS = 3;
/** The first move of each side must come within this (the server's `--first-move-seconds`). */
const FIRST_MOVE_SECONDS = 10;
/** News must show within the refresh interval, plus a second for the machine (as in web-e2e.test.ts). */
const NEWS_BOUND_MS = REFRESH_SECONDS * 1000 + 1000;
const SHOTS = 'test-results/web';
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };

let server: { url: string; stop: () => Promise<void> } | undefined;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** How long each piece of news took to reach the player on move (reported at the end). */
const arrivals: number[] = [];
/** Loads of each page's own document (not its frame's): a page that must not reload keeps its count. */
const ownLoads = new WeakMap<Page, number>();
/** When each page last received its status frame's document (epoch ms). */
const frameReceived = new WeakMap<Page, number>();
/** When each page's last form post was answered (epoch ms). */
const postAnswered = new WeakMap<Page, number>();

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
    console.info(`web clock e2e: news reached the player on move after ${arrivals.join(', ')} ms`);
  }
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** The compiled server in its own process, with a short refresh and first-move limit; resolves with its address. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      ...[compiled('server/main.ts'), '--host', '127.0.0.1', '--port', '0', '--data', ':memory:'],
      ...['--refresh', String(REFRESH_SECONDS), '--first-move-seconds', String(FIRST_MOVE_SECONDS)],
      ...['--log-level', 'warn'],
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

/** A fresh browser profile, with JavaScript off unless asked (the pages have no script either way). */
async function person(viewport = DESKTOP, javaScriptEnabled = false): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, viewport, baseURL: base });
  contexts.push(context);
  const page = await context.newPage();
  ownLoads.set(page, 0);
  page.on('load', () => ownLoads.set(page, (ownLoads.get(page) ?? 0) + 1));
  page.on('response', (response) => {
    const request = response.request();
    if (!request.isNavigationRequest()) return;
    const timing = request.timing();
    if (response.frame() !== page.mainFrame()) {
      frameReceived.set(page, timing.startTime + Math.max(0, timing.responseEnd));
    } else if (request.method() === 'POST') {
      postAnswered.set(page, timing.startTime + Math.max(0, timing.responseStart));
    }
  });
  return page;
}

async function snap(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png` });
  await page.setViewportSize(MOBILE);
  await page.screenshot({ path: `${SHOTS}/${name}-mobile.png` });
  await page.setViewportSize(size);
}

/**
 * A clock as Chromium shows it: the text of its face in the accessibility tree, which has the CSS counters'
 * current figure (Playwright's own text reading ignores generated content). E.g. "0:57", "⚠︎ 8.3".
 */
async function shownClock(page: Page, color: 'white' | 'black'): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: `[data-clock="${color}"] .clock-face`,
    });
    if (!nodeId) throw new Error(`no ${color} clock on ${page.url()}`);
    const { node } = await cdp.send('DOM.describeNode', { nodeId });
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((entry) => [entry.nodeId, entry]));
    const texts: string[] = [];
    const walk = (entry: (typeof nodes)[number]): void => {
      if (entry.role?.value === 'StaticText') {
        texts.push(String(entry.name?.value ?? ''));
        return;
      }
      for (const child of entry.childIds ?? []) {
        const next = byId.get(child);
        if (next) walk(next);
      }
    };
    const face = nodes.find((entry) => entry.backendDOMNodeId === node.backendNodeId);
    if (face) walk(face);
    return texts.join('');
  } finally {
    await cdp.detach();
  }
}

/** A clock text in ms: "1:02:03", "0:57", "8.3" (a warning sign before it is ignored). */
function clockMs(text: string): number {
  const figure = text.replace(/[^\d:.]/gu, '');
  if (figure.includes('.')) return Math.round(Number(figure) * 1000);
  return figure.split(':').reduce((total, part) => total * 60 + Number(part), 0) * 1000;
}

function statusFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.parentFrame() === page.mainFrame());
  if (!frame) throw new Error(`no status frame on ${page.url()}`);
  return frame;
}

/**
 * Wait, without touching the page, until its status frame shows news of `kind` (the frame reloads itself), and
 * check that the frame document carrying it arrived within NEWS_BOUND_MS of `since`; returns how long it took.
 */
async function newsArrives(page: Page, kind: 'finished' | 'draw_offer', since: number): Promise<number> {
  for (let looks = 0; ; looks++) {
    // Listen before looking, so that a reload during the look is not missed.
    const reloaded = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame !== page.mainFrame(),
      timeout: 10_000,
    });
    reloaded.catch(() => {});
    const shown = await statusFrame(page)
      .locator(`[data-news="${kind}"]`)
      .count()
      .catch(() => 0); // the frame's document went away mid-look: a reload is under way
    if (shown > 0) break;
    if (looks > 40) throw new Error(`no ${kind} news on ${page.url()}`);
    await reloaded;
    await statusFrame(page)
      .waitForLoadState('load')
      .catch(() => {});
  }
  const took = Math.max(0, Math.round((frameReceived.get(page) ?? Date.now()) - since));
  arrivals.push(took);
  expect(took, `${kind} news arrived after ${took} ms`).toBeLessThanOrEqual(NEWS_BOUND_MS);
  return took;
}

/** Wait until a page that reloads itself shows `ply` half-moves and `status`. */
async function shows(page: Page, ply: number, status = 'active'): Promise<void> {
  await page
    .locator(`.game-layout[data-ply="${ply}"][data-status="${status}"]`)
    .waitFor({ timeout: NEWS_BOUND_MS + 2000 });
  await page.waitForLoadState('load');
}

async function clickMove(page: Page, from: string, to: string): Promise<void> {
  await page.locator(`button[name="select"][value="${from}"]`).click();
  await page.locator(`button[name="move"][value="${from}${to}"]`).click();
  await page.waitForLoadState('load');
}

/** Enter the lobby under `name` and press a quick pairing preset, e.g. `1+0`. */
async function quickPlay(page: Page, name: string, preset: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: new RegExp(`^${preset.replace('+', '\\+')} `, 'u') }).click();
  await page.waitForURL(/\/play\/[^/]+\/[^/?]+$/u);
}

/** Seat alice (white, desktop) and bob (black, phone) by quick pairing, and play 1. e4 e5: white's clock runs. */
async function openedGame(preset: string, bobHasJavaScript = false): Promise<{ alice: Page; bob: Page }> {
  const alice = await person(DESKTOP);
  const bob = await person(MOBILE, bobHasJavaScript);
  await quickPlay(alice, 'alice', preset);
  await quickPlay(bob, 'bob', preset);
  await shows(alice, 0);
  await clickMove(alice, 'e2', 'e4');
  await shows(bob, 1);
  await clickMove(bob, 'e7', 'e5');
  await shows(alice, 2);
  return { alice, bob };
}

async function gameState(page: Page): Promise<GameState> {
  const id = new URL(page.url()).pathname.split('/')[2]!;
  return (await (await fetch(`${base}/api/games/${id}`)).json()) as GameState;
}

describe('timed games in the browser without JavaScript', { timeout: 120_000 }, () => {
  it('counts both clocks down between refreshes, turns urgent, and flags the player on move, whose typed move stays', async () => {
    const alice = await person(DESKTOP);
    const bob = await person(MOBILE);

    // A 15-second game, typed as a label on the New game page.
    await alice.goto('/new');
    await alice.getByLabel('Your name').fill('alice');
    await alice.getByLabel('Or type one').fill('0.25+0');
    await alice.getByLabel('White', { exact: true }).check();
    await alice.getByRole('button', { name: 'Create game' }).click();
    await alice.waitForURL(/\/play\//u);
    await bob.goto('/');
    await bob.getByLabel('Your name').fill('bob');
    await bob.getByRole('button', { name: "Join alice's game as black (0.25+0)" }).click();
    await bob.waitForURL(/\/play\//u);

    // Before the clocks start: each side's first move is limited, and the page says so.
    await shows(alice, 0);
    await expect(alice.locator('.first-move').textContent()).resolves.toMatch(
      /^First move within (0:\d\d|\d\.\d), or the game is aborted$/u,
    );
    await clickMove(alice, 'e2', 'e4');
    await shows(bob, 1);
    await clickMove(bob, 'e7', 'e5');
    await shows(alice, 2);

    // Both clocks are on both pages, beside the names; white's runs, and says so in words.
    for (const page of [alice, bob]) {
      await expect(page.locator('.player-bar:has([data-clock="white"]) .player-name').textContent()).resolves.toContain(
        'alice',
      );
      await expect(page.locator('.player-bar:has([data-clock="black"]) .player-name').textContent()).resolves.toContain(
        'bob',
      );
      await expect(page.locator('[data-clock="white"] .clock-state').textContent()).resolves.toBe('▶︎ running');
      expect(await page.locator('[data-clock="black"] .clock-state').count()).toBe(0);
    }

    // White's own page never reloads on its turn, yet its clock counts down.
    const loads = ownLoads.get(alice);
    const first = await shownClock(alice, 'white');
    await alice.waitForTimeout(1500);
    const second = await shownClock(alice, 'white');
    expect(clockMs(second), `${first} then ${second}`).toBeLessThan(clockMs(first));
    expect(clockMs(first) - clockMs(second)).toBeGreaterThanOrEqual(1000);
    expect(await shownClock(alice, 'black')).toBe('0:15');
    expect(ownLoads.get(alice)).toBe(loads);

    // Black's page reloads every 3 s; between two reloads its copy of white's clock counts down too.
    await bob.waitForEvent('load');
    const bobLoads = ownLoads.get(bob);
    const before = await shownClock(bob, 'white');
    await bob.waitForTimeout(1500);
    const after = await shownClock(bob, 'white');
    expect(ownLoads.get(bob), 'no reload between the two readings').toBe(bobLoads);
    expect(clockMs(after), `${before} then ${after}`).toBeLessThan(clockMs(before));

    // White types a move and thinks too long: under 10 s the clock shows tenths and turns urgent by itself.
    await alice.getByLabel('Type your move').fill('Nf3');
    const typedLoads = ownLoads.get(alice);
    for (let tries = 0; clockMs(await shownClock(alice, 'white')) >= 8_000; tries++) {
      expect(tries).toBeLessThan(100);
      await alice.waitForTimeout(200);
    }
    const urgent = await shownClock(alice, 'white');
    expect(urgent).toMatch(/^⚠︎\s\d\.\d$/u);
    // The urgent look (red face, warning sign) comes from the same CSS figure.
    const face = alice.locator('[data-clock="white"] .clock-face');
    await expect(face.evaluate((element) => getComputedStyle(element).getPropertyValue('--cd-low'))).resolves.toBe('1');
    await snap(alice, 'clock-white-low');
    await snap(bob, 'clock-black');

    // The server flags white by itself; white's status frame shows it within the refresh interval.
    for (let tries = 0; (await gameState(alice)).status !== 'finished'; tries++) {
      expect(tries).toBeLessThan(200);
      await alice.waitForTimeout(100);
    }
    const flagged = await gameState(alice);
    expect(flagged).toMatchObject({ termination: 'timeout', winner: 'black', clock: { whiteMs: 0, running: null } });
    await newsArrives(alice, 'finished', Date.parse(flagged.updatedAt));
    await expect(statusFrame(alice).locator('.frame-headline').textContent()).resolves.toBe(
      'White ran out of time — Black wins · You lost (0–1)',
    );
    expect(await alice.getByLabel('Type your move').inputValue()).toBe('Nf3');
    expect(ownLoads.get(alice), 'the typing page was not reloaded').toBe(typedLoads);
    await snap(alice, 'clock-flag-news');

    // Black's waiting page reloads into the result; white goes there from the frame.
    await shows(bob, 2, 'finished');
    await expect(bob.locator('.game-over-headline').textContent()).resolves.toBe('White ran out of time — Black wins');
    await statusFrame(alice).getByRole('link', { name: 'Show the result' }).click();
    await alice.waitForURL((url) => !url.pathname.endsWith('/status'));
    await expect(alice.locator('.game-over-headline').textContent()).resolves.toBe(
      'White ran out of time — Black wins',
    );
    await expect(alice.locator('[data-clock="white"] .clock-state').textContent()).resolves.toBe('⚑︎ out of time');
    expect(await shownClock(alice, 'white')).toBe('0.0');
    await snap(alice, 'clock-flagged');
  });

  it("shows the player on move the opponent's resignation while a piece is selected, the selection kept", async () => {
    const { alice, bob } = await openedGame('1+0');
    await alice.locator('button[name="select"][value="g1"]').click();
    await alice.waitForURL(/\?select=g1$/u);
    const loads = ownLoads.get(alice);
    expect(await alice.locator('meta[http-equiv="refresh"]').count()).toBe(0);

    await bob.getByRole('button', { name: 'Resign…' }).click();
    await bob.getByRole('button', { name: 'Yes, resign' }).click();
    await bob.waitForLoadState('load');
    await newsArrives(alice, 'finished', postAnswered.get(bob)!);
    await expect(statusFrame(alice).locator('.frame-headline').textContent()).resolves.toBe(
      'Black resigned — White wins · You won (1–0)',
    );
    // Still the same page, the knight still selected with its destinations.
    expect(ownLoads.get(alice)).toBe(loads);
    expect(alice.url()).toMatch(/\?select=g1$/u);
    await expect(alice.getByRole('button', { name: 'g1, white knight, selected' }).count()).resolves.toBe(1);
    await expect(alice.getByRole('button', { name: 'f3, empty, move here' }).count()).resolves.toBe(1);
  });

  it("shows the player on move the opponent's draw offer while a move is typed, and answers it from the frame", async () => {
    // Bob's browser runs JavaScript: nothing changes (the pages have none), and his copy of the clock counts too.
    const { alice, bob } = await openedGame('3+2', true);
    await bob.waitForEvent('load');
    const before = await shownClock(bob, 'white');
    await bob.waitForTimeout(1500);
    expect(clockMs(await shownClock(bob, 'white')), before).toBeLessThan(clockMs(before));
    await alice.getByLabel('Type your move').fill('Nf3');
    const loads = ownLoads.get(alice);

    await bob.getByRole('button', { name: 'Offer draw' }).click();
    await bob.waitForLoadState('load');
    await newsArrives(alice, 'draw_offer', postAnswered.get(bob)!);
    await expect(statusFrame(alice).locator('.frame-headline').textContent()).resolves.toBe('bob offers a draw');
    expect(await alice.getByLabel('Type your move').inputValue()).toBe('Nf3');
    expect(ownLoads.get(alice)).toBe(loads);
    await snap(alice, 'clock-draw-offer-news');

    // Declining from the frame reloads the whole page (target=_top); the game goes on.
    await statusFrame(alice).getByRole('button', { name: 'Decline' }).click();
    await alice.waitForLoadState('load');
    await expect(alice.getByRole('status').first().textContent()).resolves.toBe('Your move');
    expect((await gameState(alice)).drawOffer).toBeNull();
    await alice.getByLabel('Type your move').fill('Nf3');
    await alice.getByRole('button', { name: 'Play', exact: true }).click();
    await alice.waitForLoadState('load');
    expect((await gameState(alice)).moves).toEqual(['e4', 'e5', 'Nf3']);
  });

  it('shows the player who does not make a first move in time that the server aborted the game', async () => {
    const alice = await person(DESKTOP);
    const bob = await person(MOBILE);
    await quickPlay(alice, 'alice', '5+3');
    await quickPlay(bob, 'bob', '5+3');
    await shows(alice, 0);
    await alice.locator('button[name="select"][value="e2"]').click();
    await alice.waitForURL(/\?select=e2$/u);
    const deadline = (await gameState(alice)).clock?.deadline;
    expect(deadline).toEqual(expect.any(String));
    const aborted = await newsArrives(alice, 'finished', Date.parse(deadline!)).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; state: ${JSON.stringify(await gameState(alice))}`);
    });
    expect(aborted).toBeGreaterThanOrEqual(0);
    await expect(statusFrame(alice).locator('.frame-headline').textContent()).resolves.toContain('Game aborted');
    expect((await gameState(alice)).termination).toBe('aborted');
  });
});
