/**
 * Time controls in the web pages, through the real app (inject) on a real GameService whose time moves only when
 * the test says so (ManualTime), so that nothing sleeps: quick pairing per preset, time controls on new games and
 * in the lobby's lists, both clocks on the game page (the running one counted down by CSS), the flag, the status
 * frame that tells a page which does not reload of a flag, a resignation, an abort or a draw offer, and the lobby's
 * live board, which never features a dead game.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/http/app.js';
import { ManualTime } from '../server/schedule/time.js';
import { GameService } from '../server/service/game-service.js';
import { MemoryGameStore } from '../server/store/memory-store.js';
import type { GameState } from '../shared/api-schema.js';
import { correspondence, formatTimeControl, realtime, TIME_CONTROL_PRESETS } from '../shared/time-control.js';

const REFRESH_SECONDS = 3;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A fresh app whose service reads `time`. */
async function appAt(time: ManualTime): Promise<FastifyInstance> {
  const service = new GameService({ store: new MemoryGameStore(), time, scheduler: time });
  app = await buildApp({ service, refreshSeconds: REFRESH_SECONDS });
  return app;
}

async function post(app: FastifyInstance, url: string, fields: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** Quick pairing from the lobby's preset buttons: the seat's player page address. */
async function play(app: FastifyInstance, name: string, timeControl: string): Promise<string> {
  const answer = await post(app, '/play', { name, timeControl });
  expect(answer.statusCode, answer.body).toBe(303);
  return answer.headers.location as string;
}

const gameIdOf = (playerPath: string) => playerPath.split('/')[2]!;

async function stateOf(app: FastifyInstance, gameId: string): Promise<GameState> {
  return (await app.inject({ url: `/api/games/${gameId}` })).json() as GameState;
}

async function page(app: FastifyInstance, url: string): Promise<string> {
  const answer = await app.inject({ url });
  expect(answer.statusCode, url).toBe(200);
  return answer.body;
}

async function move(app: FastifyInstance, playerPath: string, text: string, ply: number): Promise<void> {
  expect((await post(app, `${playerPath}/move`, { move: text, ply: String(ply) })).statusCode).toBe(303);
}

/** Does the page have a `<tag>` with all these attributes (in any order)? */
function hasTag(html: string, tag: string, attributes: Record<string, string>): boolean {
  const tags = html.match(new RegExp(`<${tag}\\b[^>]*>`, 'gu')) ?? [];
  return tags.some((text) => Object.entries(attributes).every(([name, value]) => text.includes(` ${name}="${value}"`)));
}

/** The status frame's address on a page, as the page wrote it. */
function frameSource(html: string): string {
  const src = /<iframe class="status-frame" src="([^"]+)"/u.exec(html)?.[1];
  expect(src, 'the page has a status frame').toBeDefined();
  return src!.replaceAll('&amp;', '&');
}

/** The text of a clock as the page was made (before any CSS counting). */
function clockText(html: string, color: 'white' | 'black'): string | undefined {
  const face = new RegExp(`data-clock="${color}">.*?<span class="clock-static">([^<]+)</span>`, 'u').exec(html);
  return face?.[1];
}

/** Let the service's flag (run by ManualTime inside `advance`) finish its write. */
async function settled(app: FastifyInstance, gameId: string, status: GameState['status']): Promise<GameState> {
  for (let tries = 0; tries < 100; tries++) {
    const state = await stateOf(app, gameId);
    if (state.status === status) return state;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`game ${gameId} never became ${status}`);
}

describe('time controls in the lobby', () => {
  it('offers quick pairing per preset, each button a post of the lobby form, and pairs only the same control', async () => {
    const app = await appAt(new ManualTime());
    const lobby = await page(app, '/');
    expect(hasTag(lobby, 'form', { id: 'lobby-form', method: 'post', action: '/play' })).toBe(true);
    const grid = lobby.slice(lobby.indexOf('<form id="lobby-form"'), lobby.indexOf('</form>'));
    const labels = TIME_CONTROL_PRESETS.map(formatTimeControl);
    expect(labels).toEqual(['1+0', '3+2', '5+3', '10+0', '15+10', '30+0', '1d', '3d', '7d', 'untimed']);
    for (const label of labels) {
      expect(hasTag(grid, 'button', { type: 'submit', name: 'timeControl', value: label }), label).toBe(true);
    }
    expect(grid).toContain('<span class="preset-label">5+3</span> <span class="preset-speed">Blitz</span>');
    expect(grid).toContain('<span class="preset-label">3 days</span> <span class="preset-speed">Correspondence</span>');

    const alice = await play(app, 'alice', '5+3');
    const bob = await play(app, 'bob', '3+2');
    expect(gameIdOf(bob)).not.toBe(gameIdOf(alice));
    const carol = await play(app, 'carol', '5+3');
    expect(gameIdOf(carol)).toBe(gameIdOf(alice));
    expect((await stateOf(app, gameIdOf(alice))).timeControl).toEqual(realtime(300, 3));
    // No time control at all (an older form, curl) is untimed, as in the API.
    const dave = await post(app, '/play', { name: 'dave' });
    expect((await stateOf(app, gameIdOf(dave.headers.location as string))).timeControl).toBeNull();

    const refused = await post(app, '/play', { name: 'erin', timeControl: '5+' });
    expect(refused.statusCode).toBe(303);
    expect(await page(app, refused.headers.location as string)).toContain('is not a time control');

    // Every list shows each game's time control.
    const lists = await page(app, '/');
    const waiting = lists.slice(lists.indexOf('id="waiting-heading"'), lists.indexOf('id="active-heading"'));
    expect(waiting).toContain(
      '<td class="time-cell"><span class="time-control">3+2</span><span class="muted speed"> · Blitz</span></td>',
    );
    expect(waiting).toContain('<td class="time-cell"><span class="time-control">untimed</span></td>');
    expect(waiting).toContain('aria-label="Join bob&#x27;s game as black (3+2)"');
    const active = lists.slice(lists.indexOf('id="active-heading"'), lists.indexOf('id="finished-heading"'));
    expect(active).toContain('<span class="time-control">5+3</span><span class="muted speed"> · Blitz</span>');
  });

  it('creates a game with a preset or a typed time control, and keeps a refused one in the field', async () => {
    const app = await appAt(new ManualTime());
    const form = await page(app, '/new');
    for (const label of TIME_CONTROL_PRESETS.map(formatTimeControl)) {
      expect(hasTag(form, 'input', { type: 'radio', name: 'timeControl', value: label }), label).toBe(true);
    }
    expect(hasTag(form, 'input', { type: 'radio', name: 'timeControl', value: 'untimed', checked: '' })).toBe(true);
    expect(hasTag(form, 'input', { id: 'custom-time-control', name: 'customTimeControl' })).toBe(true);

    const typed = await post(app, '/games', { name: 'alice', timeControl: '10+0', customTimeControl: '0.5+0' });
    expect(typed.statusCode).toBe(303);
    expect((await stateOf(app, gameIdOf(typed.headers.location as string))).timeControl).toEqual(realtime(30, 0));
    const chosen = await post(app, '/games', { name: 'alice', timeControl: '3d' });
    expect((await stateOf(app, gameIdOf(chosen.headers.location as string))).timeControl).toEqual(correspondence(3));

    const tooLongAnswer = await post(app, '/games', {
      name: 'alice',
      timeControl: '5+3',
      customTimeControl: '200+0',
    });
    expect(tooLongAnswer.statusCode).toBe(303);
    const tooLong = await page(app, tooLongAnswer.headers.location as string);
    expect(tooLong).toContain('That time control cannot be used.');
    expect(hasTag(tooLong, 'input', { name: 'customTimeControl', value: '200+0', 'aria-invalid': 'true' })).toBe(true);
    expect(hasTag(tooLong, 'input', { type: 'radio', value: '5+3', checked: '' })).toBe(true);
  });

  it("features only a live game on the lobby's board: moved in the last 10 minutes, or a running clock", async () => {
    const time = new ManualTime();
    const app = await appAt(time);
    const featured = async () => /aria-label="Watch a live game: ([^"]+)"/u.exec(await page(app, '/'))?.[1] ?? null;

    const white = await play(app, 'alice', 'untimed');
    const black = await play(app, 'bob', 'untimed');
    await move(app, white, 'e4', 0);
    expect(await featured()).toBe('alice vs bob');
    time.advance(11 * 60_000);
    expect(await featured()).toBeNull(); // untimed, untouched for 11 minutes: not live
    await move(app, black, 'e5', 1);
    expect(await featured()).toBe('alice vs bob');

    time.advance(11 * 60_000);
    const carol = await play(app, 'carol', '15+10');
    const dave = await play(app, 'dave', '15+10');
    await move(app, carol, 'd4', 0);
    await move(app, dave, 'd5', 1);
    time.advance(11 * 60_000);
    // Nobody moved for 11 minutes, but carol's clock runs (the server would flag her): live.
    expect((await stateOf(app, gameIdOf(carol))).clock?.running).toBe('white');
    expect(await featured()).toBe('carol vs dave');
  });
});

describe('clocks on the game page', () => {
  it('shows both clocks with the names, the first-move limit, then the running clock counted down by CSS', async () => {
    const time = new ManualTime();
    const app = await appAt(time);
    const white = await play(app, 'alice', '1+0');
    const black = await play(app, 'bob', '1+0');
    const id = gameIdOf(white);

    const before = await page(app, white);
    expect(clockText(before, 'white')).toBe('1:00');
    expect(clockText(before, 'black')).toBe('1:00');
    expect(before).not.toContain('running</span>');
    // White must make the first move within the first-move limit (30 s), counted down.
    expect(before).toMatch(
      /<span class="clock-note first-move" data-deadline="white">First move within <span class="deadline-face countdown cd2-3"><span class="clock-static">0:30<\/span><\/span>, or the game is aborted<\/span>/u,
    );
    expect(before).toContain('1+0 Bullet');

    await move(app, white, 'e4', 0);
    await move(app, black, 'e5', 1);
    time.advance(2_500);
    const mine = await page(app, white);
    const theirs = await page(app, black);
    const spectator = await page(app, `/games/${id}`);
    for (const html of [mine, theirs, spectator]) {
      expect(clockText(html, 'white')).toBe('0:57');
      expect(clockText(html, 'black')).toBe('1:00');
      // 57.5 s = 575 tenths, counted down from there by the stylesheet.
      expect(html).toContain(
        '<span class="clock white running" data-clock="white"><span class="visually-hidden">White&#x27;s clock: </span><span class="clock-face countdown cd0-5 cd1-7 cd2-5">',
      );
      expect(html).toContain('<span aria-hidden="true">▶︎</span> running</span>');
      expect(html).toMatch(/alice.*data-clock="white"|data-clock="white".*alice/su);
    }
    // Black waits: its page reloads itself; white's own turn never reloads, its status frame does.
    expect(theirs).toContain(`<meta http-equiv="refresh" content="${REFRESH_SECONDS}; url=${black}?r=1#game"/>`);
    expect(mine).not.toContain('http-equiv="refresh"');
    expect(mine).toContain('<iframe class="status-frame"');

    // Under ten seconds: tenths, and urgent.
    time.advance(50_000);
    const low = await page(app, black);
    expect(clockText(low, 'white')).toBe('7.5');
    expect(low).toContain('<span class="clock white running low" data-clock="white">');
    expect(low).toContain('<span class="visually-hidden"> (low on time)</span>');

    // The server flags white by itself (nobody asks); white's frame, which kept the version of white's page, says so.
    const frame = frameSource(mine);
    time.advance(7_500 + 250);
    const flagged = await settled(app, id, 'finished');
    expect(flagged).toMatchObject({ termination: 'timeout', winner: 'black', result: '0-1' });
    const news = await page(app, frame);
    expect(news).toContain(
      '<p class="frame-headline">White ran out of time — Black wins<span class="frame-detail"> · You lost (0–1)</span></p>',
    );
    expect(hasTag(news, 'a', { href: white, target: '_top' })).toBe(true);
    expect(news).not.toContain('http-equiv="refresh"');

    const over = await page(app, white);
    expect(over).toContain('<h1 class="game-over-headline">White ran out of time — Black wins</h1>');
    expect(over).toMatch(/class="clock white flagged".*out of time/su);
    expect(clockText(over, 'white')).toBe('0.0');
    expect(over).not.toContain('countdown');
  });

  it('shows correspondence clocks in days and hours, with the deadline', async () => {
    const app = await appAt(new ManualTime());
    const white = await play(app, 'alice', '3d');
    await play(app, 'bob', '3d');
    const html = await page(app, white);
    expect(clockText(html, 'white')).toBe('3d 00h');
    expect(html).toContain(
      '<span class="clock-note move-by" data-deadline="white">Move by <time dateTime="2026-11-24T17:00:00.000Z">Tue 24 Nov, 17:00 UTC</time></span>',
    );
    expect(html).toContain('3 days Correspondence');
  });
});

describe('the status frame', () => {
  it("tells the player on move of the opponent's draw offer and resignation, keeping the selection", async () => {
    const app = await appAt(new ManualTime());
    const white = await play(app, 'alice', 'untimed');
    const black = await play(app, 'bob', 'untimed');
    const selected = await page(app, `${white}?select=e2`);
    expect(selected).not.toContain('http-equiv="refresh"');
    const frame = frameSource(selected);
    expect(frame).toMatch(new RegExp(`^${white}/status\\?v=\\d+&select=e2$`, 'u'));

    const quiet = await app.inject({ url: frame });
    expect(quiet.statusCode).toBe(200);
    expect(quiet.body).toContain('No news: the game is as shown (checked every');
    expect(quiet.body).toContain(`<meta http-equiv="refresh" content="${REFRESH_SECONDS}"/>`);
    // Only this site's own pages may frame it; it is a seat's page, so no referrer and no caching.
    expect(quiet.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(quiet.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(quiet.headers['content-security-policy']).toContain("script-src 'none'");
    expect(quiet.headers['referrer-policy']).toBe('no-referrer');
    expect(quiet.headers['cache-control']).toBe('no-store');
    expect((await app.inject({ url: white })).headers['x-frame-options']).toBe('DENY');

    expect((await post(app, `${black}/draw`, { action: 'offer' })).statusCode).toBe(303);
    const offer = await page(app, frame);
    expect(offer).toContain('<p class="frame-headline"><bdi class="name">bob</bdi> offers a draw</p>');
    expect(hasTag(offer, 'form', { method: 'post', action: `${white}/draw`, target: '_top' })).toBe(true);
    expect(hasTag(offer, 'button', { name: 'action', value: 'accept' })).toBe(true);
    expect(hasTag(offer, 'a', { href: `${white}?select=e2`, target: '_top' })).toBe(true);
    expect(offer).toContain('http-equiv="refresh"');

    expect((await post(app, `${black}/resign`, { confirm: 'yes' })).statusCode).toBe(303);
    const resigned = await page(app, frame);
    expect(resigned).toContain('Black resigned — White wins<span class="frame-detail"> · You won (1–0)</span>');
    expect(hasTag(resigned, 'a', { href: white, target: '_top' })).toBe(true);
  });

  it("tells of an abort, serves spectators' frames, and refuses a wrong seat", async () => {
    const app = await appAt(new ManualTime());
    const white = await play(app, 'alice', 'untimed');
    const black = await play(app, 'bob', 'untimed');
    const frame = frameSource(await page(app, white));
    expect((await post(app, `${black}/abort`)).statusCode).toBe(303);
    expect(await page(app, frame)).toContain('<p class="frame-headline">Game aborted');

    const id = gameIdOf(white);
    const spectatorFrame = await app.inject({ url: `/games/${id}/status?v=0` });
    expect(spectatorFrame.statusCode).toBe(200);
    expect(spectatorFrame.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(spectatorFrame.body).toContain('Game aborted');
    expect((await app.inject({ url: `/play/${id}/not-the-secret/status?v=1` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/games/nosuchgame/status' })).statusCode).toBe(404);
  });

  it('checks only when asked while auto-refresh is off', async () => {
    const app = await appAt(new ManualTime());
    const white = await play(app, 'alice', 'untimed');
    await play(app, 'bob', 'untimed');
    const off = { cookie: 'rookery_refresh=off' };
    const html = (await app.inject({ url: white, headers: off })).body;
    const frame = frameSource(html);
    const quiet = (await app.inject({ url: frame, headers: off })).body;
    expect(quiet).not.toContain('http-equiv="refresh"');
    expect(quiet).toContain('Auto-refresh is off.');
    expect(hasTag(quiet, 'a', { href: frame.replaceAll('&', '&amp;') })).toBe(true);
  });
});
