/**
 * Issue 13's browser items that a page is enough to show, through the real app (inject): refusals redirect
 * (item 2), the server's reason on the page and no suggestion of another piece's move (item 3), the status as the
 * page's h1 before the board and addresses that land on the board (item 6), a cancelled game without Rematch and
 * out of "Recently finished", a readable API reference (item 7), compressed pages with ETag/304 and an untouched
 * JSON API (item 8), and names isolated from the text around them (issue 12).
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ refreshSeconds: 3 });
});
afterAll(async () => {
  await app?.close();
});

function post(url: string, fields: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function play(name: string, timeControl?: string): Promise<string> {
  const answer = await post('/play', { name, ...(timeControl ? { timeControl } : {}) });
  expect(answer.statusCode).toBe(303);
  return answer.headers.location as string;
}

async function page(url: string): Promise<string> {
  const answer = await app.inject({ url });
  expect(answer.statusCode, url).toBe(200);
  return answer.body;
}

/** Two seats of a fresh game with its own time control, so quick pairing never mixes tests. */
async function pair(control: string): Promise<{ white: string; black: string }> {
  const white = await play('alice', control);
  const black = await play('bob', control);
  expect(white.split('/')[2]).toBe(black.split('/')[2]);
  return { white, black };
}

describe('refusals redirect (item 2) and say why (item 3)', () => {
  it('answers every refused post with 303 to the page, which shows the notice and the text typed', async () => {
    const { white } = await pair('1d');
    const refused = await post(`${white}/move`, { move: 'Bc4', ply: '0' });
    expect(refused.statusCode).toBe(303);
    const location = refused.headers.location as string;
    expect(location.startsWith(`${white}?notice=`)).toBe(true);
    const html = await page(location);
    expect(html).toContain('data-refused="illegal_move"');
    expect(html).toContain('The bishop on f1 is blocked by the white pawn on e2.');
    expect(html).toContain('value="Bc4"');
    // Before: "Did you mean c4?", a pawn move, one press away.
    expect(html).not.toContain('Did you mean');
    // The notice belongs to that page only: another seat's page with the same id shows nothing.
    const id = new URL(location, 'http://x').searchParams.get('notice')!;
    const other = await play('carol', '7d');
    expect(await page(`${other}?notice=${id}`)).not.toContain('data-refused');
    await post(`${other}/abort`);
  });

  it('refuses at the lobby, the name page and the join form with 303s too', async () => {
    const lobby = await post('/play', { name: '' });
    expect(lobby.statusCode).toBe(303);
    expect(await page(lobby.headers.location as string)).toContain('Please enter a name');
    const name = await post('/name', { name: '\u0007', back: '/new' });
    expect(name.statusCode).toBe(303);
    expect(name.headers.location).toMatch(/^\/name\?back=%2Fnew&notice=/u);
    expect(await page(name.headers.location as string)).toContain('control characters');
    const waiting = await play('dora', '3d');
    const join = await post(`/games/${waiting.split('/')[2]}/join`, { name: '' });
    expect(join.statusCode).toBe(303);
    expect(await page(join.headers.location as string)).toContain('Please enter a name');
    await post(`${waiting}/abort`);
  });
});

describe("seat pages' own posts", () => {
  it('are not taken for cross-site ones: no-referrer pages post with Origin null, and Sec-Fetch-Site says same-origin', async () => {
    const { white } = await pair('6d');
    const send = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `${white}/move`,
        payload: 'move=e4&ply=0',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    expect((await send({ origin: 'null', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    // The lobby's forms carry no secret: there a bare Origin null is refused.
    const lobby = await app.inject({
      method: 'POST',
      url: '/play',
      payload: 'name=mallory',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
    });
    expect(lobby.statusCode).toBe(403);
    const own = await send({ origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toBe(`${white}#game`);
    await post(`${white}/resign`, { confirm: 'yes' });
  });
});

describe('reading order (item 6)', () => {
  it('puts the status first, as the h1, and sends moves and refreshes to #game', async () => {
    const { white, black } = await pair('10+0');
    const mine = await page(white);
    const h1 = mine.indexOf('<h1 class="status-line">');
    expect(h1).toBeGreaterThan(0);
    expect(h1).toBeLessThan(mine.indexOf('<table class="board'));
    expect(mine.indexOf('id="game"')).toBeLessThan(h1);
    expect(mine.indexOf('<table class="board')).toBeLessThan(mine.indexOf('id="move-input"'));
    const moved = await post(`${white}/move`, { move: 'e4', ply: '0' });
    expect(moved.headers.location).toBe(`${white}#game`);
    expect(await page(white)).toContain(`content="3; url=${white}?r=1#game"`);
    expect(await page(`${white}?r=1`)).toContain(`content="3; url=${white}#game"`);
    await post(`${black}/move`, { move: 'e5', ply: '1' });
    await post(`${white}/resign`, { confirm: 'yes' });
  });
});

describe('draws and cancelled games (item 7)', () => {
  it('lets a player withdraw their own draw offer, in the page and in the API, and nobody else', async () => {
    const { white, black } = await pair('4d');
    const id = white.split('/')[2]!;
    const api = (secret: string, action: string) =>
      app.inject({
        method: 'POST',
        url: `/api/games/${id}/draw`,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        payload: { action },
      });
    expect((await post(`${white}/draw`, { action: 'offer' })).statusCode).toBe(303);
    const offered = await page(white);
    expect(offered).toContain('<button type="submit" value="withdraw" name="action">Withdraw draw offer</button>');
    // The opponent cannot withdraw it (they decline it instead).
    const refused = await post(`${black}/draw`, { action: 'withdraw' });
    expect(await page(refused.headers.location as string)).toContain('data-refused="no_draw_offer"');
    expect((await post(`${white}/draw`, { action: 'withdraw' })).statusCode).toBe(303);
    const state = (await app.inject({ url: `/api/games/${id}` })).json() as { drawOffer: string | null };
    expect(state.drawOffer).toBeNull();
    expect(await page(white)).not.toContain('Withdraw draw offer');

    const blackSecret = black.split('/')[3]!;
    expect((await api(blackSecret, 'offer')).statusCode).toBe(200);
    expect((await api(white.split('/')[3]!, 'withdraw')).statusCode).toBe(409);
    const withdrawn = await api(blackSecret, 'withdraw');
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ drawOffer: null, status: 'active' });
    expect((await api(blackSecret, 'withdraw')).json()).toMatchObject({ error: { code: 'no_draw_offer' } });
    await post(`${black}/resign`, { confirm: 'yes' });
  });

  it('offers no Rematch for a game nobody joined, and leaves it out of "Recently finished"', async () => {
    const lonely = await play('zed-cancelled', '1d');
    expect((await post(`${lonely}/abort`)).statusCode).toBe(303);
    const over = await page(lonely);
    expect(over).toContain('Game aborted');
    expect(over).not.toContain('>Rematch<');
    expect(over).toContain('Nobody joined this game before it was cancelled.');
    const lobby = await page('/');
    expect(lobby).not.toContain('zed-cancelled');
  });

  it('links a readable API reference from the footer', async () => {
    const lobby = await page('/');
    expect(lobby).toContain('<a href="/docs/api">API reference</a>');
    expect(lobby).not.toContain('href="/api/openapi.json"');
    const reference = await app.inject({ url: '/docs/api' });
    expect(reference.statusCode).toBe(200);
    expect(reference.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reference.body).toContain('## Errors');
  });
});

describe('compression and ETag (item 8)', () => {
  it('compresses pages, keeps their ETag and 304, and leaves the JSON API alone', async () => {
    const first = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(first.rawPayload).toString('utf8');
    expect(html).toContain('<h1 id="lobby-heading">');
    expect(first.rawPayload.length).toBeLessThan(html.length / 3);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{20}"$/u);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    const api = await app.inject({ url: '/api/games', headers: { 'accept-encoding': 'gzip' } });
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-encoding']).toBeUndefined();
    expect(api.json()).toHaveProperty('games');
  });
});

describe('names are isolated (issue 12)', () => {
  it('puts every name shown as text inside <bdi>, so a right-to-left name cannot reorder the words around it', async () => {
    // Direction overrides (U+202E) are refused in names since issue 12; a Hebrew name with digits still needs isolating.
    const evil = 'מלך 1-0';
    const white = await play(evil, '2d');
    const black = await play('bob', '2d');
    await post(`${white}/draw`, { action: 'offer' });
    for (const url of ['/', white, black, `/games/${white.split('/')[2]}`]) {
      const html = await page(url);
      // Every text node holding the name is exactly the name in a <bdi>; the title isolates it with U+2068/U+2069.
      const texts = [...html.matchAll(/<([a-z0-9]+)[^>]*>([^<]*)/gu)].filter((match) => match[2]!.includes(evil));
      expect(texts.length, url).toBeGreaterThan(0);
      for (const [, tag, text] of texts) {
        if (tag === 'title') expect(text).toContain(`\u2068${evil}\u2069`);
        else expect([tag, text], url).toEqual(['bdi', evil]);
      }
    }
    await post(`${black}/resign`, { confirm: 'yes' });
  });
});
