/**
 * The web pages through the real app (inject): Post/Redirect/Get, seats in secret addresses, forgiving and
 * refused moves, the refresh rules, escaping, security headers, readable errors, and secrets kept out of other
 * pages and of the log.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Chess } from 'chess.js';
import { buildApp } from '../server/http/app.js';
import type { GameState } from '../shared/api-schema.js';

// One app for the whole file (building one takes a while); every test makes its own games in it.
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ refreshSeconds: 3 });
});
afterAll(async () => {
  await app?.close();
});

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function post(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

/** A seat taken through the lobby's Play button: its player page address. */
async function play(app: FastifyInstance, name: string): Promise<string> {
  const answer = await post(app, '/play', { name });
  expect(answer.statusCode).toBe(303);
  const location = answer.headers.location as string;
  expect(location).toMatch(/^\/play\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]{32}$/u);
  return location;
}

/** Abort a game nobody joined, so that the next quick pairing does not land in it. */
async function leave(playerPath: string): Promise<void> {
  expect((await post(app, `${playerPath}/abort`)).statusCode).toBe(303);
}

function gameIdOf(playerPath: string): string {
  return playerPath.split('/')[2]!;
}

function secretOf(playerPath: string): string {
  return playerPath.split('/')[3]!;
}

async function stateOf(app: FastifyInstance, gameId: string): Promise<GameState> {
  return (await app.inject({ url: `/api/games/${gameId}` })).json() as GameState;
}

/** Does the page have a `<tag>` with all these attributes (in any order)? */
function hasTag(html: string, tag: string, attributes: Record<string, string>): boolean {
  const tags = html.match(new RegExp(`<${tag}\\b[^>]*>`, 'gu')) ?? [];
  return tags.some((text) => Object.entries(attributes).every(([name, value]) => text.includes(` ${name}="${value}"`)));
}

/**
 * A refused post answers 303 to its page with `?notice=<id>` (Post/Redirect/Get, issue 13 browser item 2); the page
 * there shows the notice, marked with the refusal's code (`data-refused`).
 */
async function followRefusal(answer: { statusCode: number; headers: Record<string, unknown> }, code: string) {
  expect(answer.statusCode).toBe(303);
  const location = answer.headers['location'] as string;
  expect(location).toMatch(/[?&]notice=[A-Za-z0-9_-]{12}$/u);
  const page = await app.inject({ url: location });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(`data-refused="${code}"`);
  return page;
}

/** The same for the lobby's forms, whose pages show the message without a code mark. */
async function followLobbyRefusal(answer: { statusCode: number; headers: Record<string, unknown> }) {
  expect(answer.statusCode).toBe(303);
  const page = await app.inject({ url: answer.headers['location'] as string });
  expect(page.statusCode).toBe(200);
  return page;
}

function hasRefresh(html: string): boolean {
  return /<meta http-equiv="refresh"/u.test(html);
}

describe('web pages', () => {
  it('pairs two browsers from the lobby and answers every success with 303 to the page to show next', async () => {
    const lobby = await app.inject({ url: '/' });
    expect(lobby.statusCode).toBe(200);
    expect(lobby.headers['content-type']).toBe('text/html; charset=utf-8');

    const white = await play(app, 'alice');
    const black = await play(app, 'bob');
    expect(gameIdOf(white)).toBe(gameIdOf(black));
    expect(secretOf(white)).not.toBe(secretOf(black));

    const moved = await post(app, `${white}/move`, { move: 'E2-E4', ply: '0' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`${white}#game`);
    const state = await stateOf(app, gameIdOf(white));
    expect(state.uci).toEqual(['e2e4']);
    expect(new Chess(state.fen).get('e4')).toEqual({ type: 'p', color: 'w' });
  });

  it('remembers the name in a cookie and shows it instead of a field, so the lobby may refresh', async () => {
    const answer = await post(app, '/play', { name: 'alice' });
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/^rookery_name=alice; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/u);

    const fresh = (await app.inject({ url: '/' })).body;
    expect(fresh).toContain('id="name"');
    expect(hasRefresh(fresh)).toBe(false);

    const known = (await app.inject({ url: '/', headers: { cookie: 'rookery_name=alice' } })).body;
    expect(known).not.toContain('id="name"');
    expect(hasTag(known, 'input', { type: 'hidden', name: 'name', value: 'alice' })).toBe(true);
    expect(known).toContain('<meta http-equiv="refresh" content="3; url=/"/>');
    await leave(answer.headers.location as string);
  });

  it('refreshes only while waiting for someone else, never on your own turn or after the end', async () => {
    const white = await play(app, 'alice');
    expect(hasRefresh((await app.inject({ url: white })).body)).toBe(true); // waiting for a second player

    const black = await play(app, 'bob');
    const whitePage = (await app.inject({ url: white })).body;
    const blackPage = (await app.inject({ url: black })).body;
    expect(hasRefresh(whitePage)).toBe(false);
    expect(whitePage).toContain('Your move');
    expect(blackPage).toContain(`<meta http-equiv="refresh" content="3; url=${black}?r=1#game"/>`);
    expect(blackPage).toMatch(/Waiting for <bdi class="name">alice<\/bdi>… \(updated (just now|\d+ s ago)\)/u);

    // Choosing a piece or confirming a resignation must not be cut off by a refresh either.
    await post(app, `${white}/move`, { move: 'e4', ply: '0' });
    expect(hasRefresh((await app.inject({ url: `${black}?select=e7` })).body)).toBe(false);
    expect(hasRefresh((await app.inject({ url: `${white}?confirm=resign` })).body)).toBe(false);

    // Turned off by the browser's choice.
    const off = await post(app, '/auto-refresh', { on: 'off', back: white });
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe(white);
    expect(String(off.headers['set-cookie'])).toContain('rookery_refresh=off');
    const quiet = (await app.inject({ url: white, headers: { cookie: 'rookery_refresh=off' } })).body;
    expect(hasRefresh(quiet)).toBe(false);
    expect(quiet).toContain('Auto-refresh is off');

    await post(app, `${black}/resign`, { confirm: 'yes' });
    for (const url of [white, black, `/games/${gameIdOf(white)}`]) {
      const page = (await app.inject({ url })).body;
      expect(hasRefresh(page)).toBe(false);
      expect(page).toContain('Black resigned — White wins');
    }
  });

  it('shows the selected piece with its legal destinations as buttons, and asks for the promotion piece', async () => {
    const created = await post(app, '/games', { name: 'alice', fen: '7k/4P3/8/8/8/8/8/4K3 w - - 0 1', color: 'white' });
    expect(created.statusCode).toBe(303);
    const white = created.headers.location as string;
    await post(app, `/games/${gameIdOf(white)}/join`, { name: 'bob' });

    const start = (await app.inject({ url: white })).body;
    expect(
      hasTag(start, 'button', { form: 'select-form', name: 'select', value: 'e7', 'aria-label': 'e7, white pawn' }),
    ).toBe(true);
    // Pieces that cannot move are not buttons.
    expect(start).not.toContain('value="h8"');

    const selected = (await app.inject({ url: `${white}?select=e7` })).body;
    expect(selected).toContain('aria-label="e7, white pawn, selected"');
    expect(hasTag(selected, 'input', { type: 'hidden', name: 'select', value: 'e7' })).toBe(true);
    expect(
      hasTag(selected, 'button', {
        form: 'promote-form',
        name: 'to',
        value: 'e8',
        'aria-label': 'e8, empty, move here',
      }),
    ).toBe(true);

    const asking = (await app.inject({ url: `${white}?select=e7&to=e8` })).body;
    expect(asking).toContain('Promote the pawn on e8 to:');
    for (const piece of ['q', 'r', 'b', 'n']) {
      expect(hasTag(asking, 'button', { form: 'move-form', name: 'move', value: `e7e8${piece}` })).toBe(true);
    }

    const promoted = await post(app, `${white}/move`, { move: 'e7e8n', ply: '0' });
    expect(promoted.statusCode).toBe(303);
    expect((await stateOf(app, gameIdOf(white))).moves).toEqual(['e8=N']);

    // A selection that no longer fits the position is dropped rather than breaking the page.
    const stale = await app.inject({ url: `${white}?select=e7&to=e8` });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).not.toContain('Promote the pawn');
  });

  it('refuses an illegal typed move with a 303 to the page: the text kept, why, a suggestion, the game unchanged', async () => {
    const white = await play(app, 'alice');
    await play(app, 'bob');
    const before = await stateOf(app, gameIdOf(white));

    const refused = await followRefusal(await post(app, `${white}/move`, { move: 'g1f4', ply: '0' }), 'illegal_move');
    expect(refused.body).toContain(
      '&quot;g1f4&quot; is not a legal move in this position. The knight on g1 cannot go to f4: a knight moves two squares one way and one to the side.',
    );
    expect(refused.body).toContain('value="g1f4"');
    expect(refused.body).toContain('aria-invalid="true"');
    expect(refused.body).toContain('Did you mean </span>');
    expect(hasTag(refused.body, 'button', { name: 'move', value: 'Nf3' })).toBe(true);
    expect(await stateOf(app, gameIdOf(white))).toEqual(before);

    const empty = await followRefusal(await post(app, `${white}/move`, { move: '  ', ply: '0' }), 'illegal_move');
    expect(empty.body).toContain('Type a move first');

    const castle = await followRefusal(await post(app, `${white}/move`, { move: '0-0', ply: '0' }), 'illegal_move');
    expect(castle.body).toContain('Castling kingside needs f1, g1 empty: the white bishop stands on f1.');

    // Any case (issue 13, browser item 3): E4 is e4.
    expect((await post(app, `${white}/move`, { move: 'E4', ply: '0' })).statusCode).toBe(303);
    expect((await stateOf(app, gameIdOf(white))).uci).toEqual(['e2e4']);
  });

  it('never plays a move twice: a double submit is harmless and a stale page is refused', async () => {
    const white = await play(app, 'alice');
    const black = await play(app, 'bob');
    expect((await post(app, `${white}/move`, { move: 'e2e4', ply: '0' })).statusCode).toBe(303);
    expect((await post(app, `${white}/move`, { move: 'e2e4', ply: '0' })).statusCode).toBe(303);
    expect((await stateOf(app, gameIdOf(white))).uci).toEqual(['e2e4']);

    expect((await post(app, `${black}/move`, { move: 'e5', ply: '1' })).statusCode).toBe(303);
    const stale = await followRefusal(await post(app, `${black}/move`, { move: 'd5', ply: '1' }), 'stale_ply');
    expect(stale.body).toContain('The game moved on since this page was shown');
    expect((await stateOf(app, gameIdOf(white))).uci).toEqual(['e2e4', 'e7e5']);

    const early = await followRefusal(await post(app, `${black}/move`, { move: 'd6', ply: '2' }), 'not_your_turn');
    expect(early.body).toContain('It is not your turn: wait for <bdi class="name">alice</bdi>.');
  });

  it('resigns only after confirming, and ends games by agreement, abort and claims with the right banner', async () => {
    const white = await play(app, 'alice');
    const black = await play(app, 'bob');

    const ask = await post(app, `${black}/resign`);
    expect(ask.statusCode).toBe(303);
    expect(ask.headers.location).toBe(`${black}?confirm=resign`);
    expect((await stateOf(app, gameIdOf(white))).status).toBe('active');
    expect((await app.inject({ url: ask.headers.location as string })).body).toContain('Yes, resign');

    expect((await post(app, `${white}/draw`, { action: 'offer' })).statusCode).toBe(303);
    expect((await app.inject({ url: black })).body).toContain('offers a draw.');
    expect((await post(app, `${black}/draw`, { action: 'accept' })).statusCode).toBe(303);
    const drawn = (await app.inject({ url: white })).body;
    expect(drawn).toContain('Draw by agreement');
    expect(drawn).toContain('A draw (½–½)');

    const second = await play(app, 'carol');
    expect((await post(app, `${second}/abort`)).statusCode).toBe(303);
    expect((await app.inject({ url: second })).body).toContain('Game aborted');

    await followRefusal(await post(app, `${white}/draw`, { action: 'surrender' }), 'invalid_request');
  });

  it('offers a draw claim on threefold repetition and ends the game with it', async () => {
    const white = await play(app, 'alice');
    const black = await play(app, 'bob');
    const shuffle = ['Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1', 'Ng8'];
    for (const [ply, move] of shuffle.entries()) {
      expect((await post(app, `${ply % 2 === 0 ? white : black}/move`, { move, ply: String(ply) })).statusCode).toBe(
        303,
      );
    }
    const page = (await app.inject({ url: white })).body;
    expect(hasTag(page, 'button', { name: 'action', value: 'claim' })).toBe(true);
    expect((await post(app, `${white}/draw`, { action: 'claim' })).statusCode).toBe(303);
    expect((await app.inject({ url: black })).body).toContain('Draw by threefold repetition');
  });

  it('starts a rematch with colours swapped that the second player joins', async () => {
    const white = await play(app, 'alice');
    const black = await play(app, 'bob');
    await post(app, `${white}/resign`, { confirm: 'yes' });

    const first = await post(app, `${black}/rematch`);
    expect(first.statusCode).toBe(303);
    const second = await post(app, `${white}/rematch`);
    expect(second.statusCode).toBe(303);
    const rematch = gameIdOf(first.headers.location as string);
    expect(gameIdOf(second.headers.location as string)).toBe(rematch);
    expect(rematch).not.toBe(gameIdOf(white));
    const state = await stateOf(app, rematch);
    expect(state.players).toEqual({ white: { name: 'bob' }, black: { name: 'alice' } });
    expect(state.status).toBe('active');
  });

  it('starts the rematch of a game from a position from that same position', async () => {
    // Constructed: K+R+P v K, white to move, white may still castle long.
    const fen = '4k3/8/8/8/8/8/4P3/R3K3 w Q - 0 1';
    const created = (await app.inject({ method: 'POST', url: '/api/games', payload: { fen } })).json() as GameState;
    const seat = async (name: string) =>
      (await app.inject({ method: 'POST', url: `/api/games/${created.id}/join`, payload: { name } })).json() as {
        token: string;
      };
    const white = `/play/${created.id}/${(await seat('alice')).token}`;
    const black = `/play/${created.id}/${(await seat('bob')).token}`;
    await post(app, `${white}/resign`, { confirm: 'yes' });

    const rematch = await post(app, `${black}/rematch`);
    expect(rematch.statusCode).toBe(303);
    const state = await stateOf(app, gameIdOf(rematch.headers.location as string));
    expect(state.fen).toBe(fen);
    expect(state.players.white).toEqual({ name: 'bob' });
    // Leave no game waiting: the next tests pair players through the lobby.
    expect((await post(app, `${rematch.headers.location as string}/abort`)).statusCode).toBe(303);
  });

  it('escapes every user-supplied string', async () => {
    const hostile = '<script>alert(1)</script>';
    const white = await play(app, hostile);
    await play(app, 'bob" onmouseover="x');
    const refused = await followRefusal(
      await post(app, `${white}/move`, { move: '<b>x</b>', ply: '0' }),
      'illegal_move',
    );
    for (const html of [
      (await app.inject({ url: '/' })).body,
      (await app.inject({ url: `/games/${gameIdOf(white)}` })).body,
      (await app.inject({ url: white })).body,
      refused.body,
    ]) {
      expect(html).not.toMatch(/<script|<b>x|" onmouseover/u);
    }
    expect((await app.inject({ url: '/' })).body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(refused.body).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('sends a strict content security policy, no script, and secret pages with no-referrer and no-store', async () => {
    const white = await play(app, 'alice');
    for (const url of ['/', white, `/games/${gameIdOf(white)}`, '/nowhere']) {
      const answer = await app.inject({ url });
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("script-src 'none'");
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.body).not.toMatch(/<script|style="|https?:\/\/(?!127\.0\.0\.1|localhost)/u);
    }
    const secretPage = await app.inject({ url: white });
    expect(secretPage.headers['referrer-policy']).toBe('no-referrer');
    expect(secretPage.headers['cache-control']).toBe('no-store');

    const css = (await app.inject({ url: '/' })).body.match(/href="(\/assets\/rookery\.[0-9a-f]+\.css)"/u)?.[1];
    const sheet = await app.inject({ url: css! });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(sheet.body).not.toMatch(/@import|url\(|@font-face/u);
    await leave(white);
  });

  it('refuses lobby posts from another site, while secret addresses protect the player forms', async () => {
    const forged = await post(
      app,
      '/play',
      { name: 'victim' },
      { origin: 'https://evil.example', host: 'localhost:80' },
    );
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('sent from another site');
    const ours = await post(app, '/play', { name: 'alice' }, { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(ours.statusCode).toBe(303);
    await leave(ours.headers.location as string);
  });

  it("keeps each seat secret out of other players' pages, spectator pages, listings, PGN and the log", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({ refreshSeconds: 3, logger: { level: 'info', stream }, accessLog: true });
    const white = await play(app, 'alice');
    const black = await play(app, 'bob');
    await post(app, `${white}/move`, { move: 'e4', ply: '0' });
    await app.inject({ url: `${black}?select=e7` });
    await post(app, `${black}/move`, { move: 'nonsense', ply: '1' });
    const id = gameIdOf(white);
    const publicPages = [
      (await app.inject({ url: '/' })).body,
      (await app.inject({ url: `/games/${id}` })).body,
      (await app.inject({ url: `/games/${id}?orientation=black` })).body,
      (await app.inject({ url: '/api/games' })).body,
      (await app.inject({ url: `/api/games/${id}/pgn` })).body,
    ];
    for (const secret of [secretOf(white), secretOf(black)]) {
      for (const page of publicPages) expect(page).not.toContain(secret);
      expect(lines.join('')).not.toContain(secret);
    }
    expect((await app.inject({ url: white })).body).not.toContain(secretOf(black));
    expect((await app.inject({ url: black })).body).not.toContain(secretOf(white));
    expect(lines.join('')).toContain(`/play/${id}/***/move`);
    await app.close();
  });

  it('answers unknown pages, games and seats with a readable HTML 404, and keeps the API in JSON', async () => {
    const white = await play(app, 'alice');
    for (const url of ['/nowhere', '/games/nosuchgame', `/play/${gameIdOf(white)}/not-the-secret`, '/play/x/y/z/w']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.body).toContain('<h1 id="message-heading">Page not found</h1>');
      expect(answer.body).toContain('href="/"');
    }
    const wrongSeat = await post(app, `/play/${gameIdOf(white)}/not-the-secret/move`, { move: 'e4', ply: '0' });
    expect(wrongSeat.statusCode).toBe(404);

    const api = await app.inject({ url: '/api/nowhere' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
    // Form bodies are parsed only for the pages: the JSON API still refuses them.
    const formToApi = await post(app, '/api/join', { name: 'alice' });
    expect(formToApi.statusCode).toBe(415);
    await leave(white);
  });

  it('refuses a bad name or position with the lobby or form again, the text kept', async () => {
    const blank = await followLobbyRefusal(await post(app, '/play', { name: '   ' }));
    expect(blank.body).toContain('Please enter a name');

    const long = await followLobbyRefusal(await post(app, '/play', { name: 'x'.repeat(41) }));
    expect(long.body).toContain('too long');

    const badFen = await followLobbyRefusal(
      await post(app, '/games', { name: 'alice', fen: '8/8/8/8/8/8/8/8 w - - 0 1' }),
    );
    expect(badFen.body).toContain('That position cannot be played.');
    expect(badFen.body).toContain('value="8/8/8/8/8/8/8/8 w - - 0 1"');

    const named = await post(app, '/name', { name: 'zoe', back: '/new' });
    expect(named.statusCode).toBe(303);
    expect(named.headers.location).toBe('/new');
    const offsite = await post(app, '/name', { name: 'zoe', back: '//evil.example/' });
    expect(offsite.headers.location).toBe('/');
  });
});
