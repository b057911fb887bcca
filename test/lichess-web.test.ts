/**
 * People challenge bots from the pages, JavaScript off: the lobby lists the bots whose event stream is open with a
 * Play button per preset; the post makes a guest challenge and sends the browser to the challenge page, which
 * becomes the seat's player page once the bot accepts, and says so plainly when it declines (with the reason), when
 * it does not answer in time, or when the challenge is called off. The bot is the repository's lichess-API bot
 * (random engine) over a real port; pages are read as a browser would get them (forms, redirects, cookies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LichessBot } from '../bots/lichess-bot.js';
import { LichessClient } from '../bots/lichess-client.js';
import { RandomPlayer } from '../bots/random-player.js';
import { startLiveServer, until, type LiveServer } from './fixtures/live-server.js';

let server: LiveServer;
let bot: LichessBot;
let botRun: Promise<void>;
let silentToken: string;

beforeAll(async () => {
  server = await startLiveServer({ lichessKeepAliveMs: 500, refreshSeconds: 2 });
  const made = await server.app.lichess.accounts.create('WebBot', { bot: true });
  const silent = await server.app.lichess.accounts.create('SilentBot', { bot: true });
  if (!made.ok || !silent.ok) throw new Error('accounts');
  silentToken = silent.value.token;
  bot = new LichessBot({
    client: new LichessClient({ baseUrl: server.url, token: made.value.token }),
    makePlayer: async () => new RandomPlayer({ seed: 7 }),
    maxGames: 1,
    retryDelayMs: () => 50,
  });
  botRun = bot.run();
  await until(() => server.app.lichess.isOnline('webbot'), 'the bot to be online');
});
afterAll(async () => {
  await bot.forceStop();
  await botRun;
  await server.close();
});

/** A page or post as a browser makes it: no redirect followed, form bodies, our own Origin on posts. */
async function browse(path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: server.url } : {}),
      ...headers,
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Press a bot's Play button in the lobby form: the answer is a redirect to the challenge page. */
async function challenge(botName: string, timeControl: string): Promise<string> {
  const posted = await browse('/challenge', { name: 'carol', challenge: `${botName}|${timeControl}` });
  expect(posted.status).toBe(303);
  const location = posted.headers.get('location')!;
  expect(location).toMatch(/^\/challenge\/[A-Za-z0-9_-]{12}\/[A-Za-z0-9_-]{32}$/u);
  expect(posted.headers.get('set-cookie')).toMatch(/carol/u);
  return location;
}

/** End the game of a seat's page (abort before both sides moved, else resign) and wait for the bot to be free. */
async function leave(seat: string): Promise<void> {
  await browse(`${seat}/abort`, {});
  await browse(`${seat}/resign`, { confirm: 'yes' });
  await until(() => bot.gamesInProgress === 0, 'the bot to finish its game');
}

describe('challenging a bot from the lobby', () => {
  it('lists the online bots with a Play button for each preset, and only those online', async () => {
    const lobby = await browse('/');
    expect(lobby.status).toBe(200);
    expect(lobby.text).toContain('Play a bot');
    expect(lobby.text).toContain('WebBot');
    expect(lobby.text).not.toContain('SilentBot');
    for (const preset of ['1+0', '3+2', '5+3', '10+0', '15+10', '30+0', '1d', '3d', '7d', 'untimed']) {
      expect(lobby.text).toContain(`value="WebBot|${preset}"`);
    }
    expect(lobby.text).toMatch(/form="lobby-form" formAction="\/challenge"|formaction="\/challenge"/iu);
  });

  it('waits on the challenge page, then becomes the game when the bot accepts', async () => {
    const page = await challenge('WebBot', '3+2');
    const answer = await browse(page);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const seat = answer.headers.get('location')!;
    expect(seat).toMatch(/^\/play\/[A-Za-z0-9_-]{12}\/[A-Za-z0-9_-]+$/u);
    expect(seat.split('/')[2]).toBe(page.split('/')[2]);
    const game = await browse(seat);
    expect(game.status).toBe(200);
    expect(game.text).toContain('WebBot');
    expect(game.text).toContain('carol');
    expect(game.text).toMatch(/3\+2/u);
    // The same address keeps answering the same seat (the seat token is derived from the secret).
    expect((await browse(page)).headers.get('location')).toBe(seat);
    await leave(seat);
  });

  it('says plainly that the bot declined, with its reason', async () => {
    const first = await browse((await challenge('WebBot', '5+3')) as string);
    const seat = first.headers.get('location')!;
    expect(seat).toMatch(/^\/play\//u);
    // One game at once: the second challenge is declined with "later".
    const page = await browse(await challenge('WebBot', '5+3'));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('WebBot declined your challenge');
    expect(page.text).toContain('This is not the right time for me, please ask again later.');
    expect(page.text).not.toContain('http-equiv="refresh"');
    await leave(seat);
  });

  it('refreshes while a silent bot does not answer, can be called off, and says when the time ran out', async () => {
    // A bot whose event stream is open but which never answers.
    const silent = new AbortController();
    const stream = await fetch(`${server.url}/api/stream/event`, {
      headers: { authorization: `Bearer ${silentToken}` },
      signal: silent.signal,
    });
    expect(stream.status).toBe(200);
    try {
      const page = await challenge('SilentBot', '10+0');
      const waiting = await browse(page);
      expect(waiting.status).toBe(200);
      expect(waiting.text).toContain('Challenging');
      expect(waiting.text).toMatch(/<meta http-equiv="refresh" content="2; url=\/challenge\//u);
      expect(waiting.text).toMatch(/10\+0 · Rapid/u);
      const canceled = await browse(`${page}/cancel`, {});
      expect(canceled.status).toBe(303);
      const after = await browse(page);
      expect(after.text).toContain('Challenge called off');

      const lapsing = await challenge('SilentBot', '1+0');
      await new Promise((resolve) => setTimeout(resolve, 21_000));
      const lapsed = await browse(lapsing);
      expect(lapsed.text).toContain('SilentBot did not answer');
      expect(lapsed.text).toContain('did not accept within 20 seconds');
    } finally {
      silent.abort();
    }
  }, 40_000);

  it('refuses other sites, an offline bot, a bad name and unknown challenge addresses', async () => {
    const forged = await browse(
      '/challenge',
      { name: 'eve', challenge: 'WebBot|3+2' },
      { origin: 'http://evil.example' },
    );
    expect(forged.status).toBe(403);
    const offline = await browse('/challenge', { name: 'carol', challenge: 'SilentBot|3+2' });
    expect(offline.status).toBe(303);
    const notice = await browse(offline.headers.get('location')!);
    expect(notice.text).toContain('SilentBot is not online now');
    const unnamed = await browse('/challenge', { name: '  ', challenge: 'WebBot|3+2' });
    expect((await browse(unnamed.headers.get('location')!)).text).toContain('Please enter a name');
    const garbled = await browse('/challenge', { name: 'carol', challenge: 'WebBot|2 hours' });
    expect((await browse(garbled.headers.get('location')!)).text).toContain('That time control cannot be used');
    expect((await browse('/challenge/nope/nope')).status).toBe(404);
    const real = await challenge('WebBot', '3+2');
    const wrongSecret = real.replace(/[^/]+$/u, 'A'.repeat(32));
    expect((await browse(wrongSecret)).status).toBe(404);
    await leave((await browse(real)).headers.get('location')!);
  });
});

describe('the guest challenge routes in the OpenAPI document', () => {
  it('lists GET /api/bots and the challenge routes with their schemas', async () => {
    const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>;
    };
    expect(document.paths['/api/bots']?.['get']?.tags).toEqual(['bots']);
    expect(Object.keys(document.paths['/api/games/challenge'] ?? {})).toEqual(['post']);
    expect(Object.keys(document.paths['/api/games/challenge/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(JSON.stringify(document.paths['/api/games/challenge']!['post']!.responses['201'])).toContain('secret');
  });

  it('validates the JSON challenge body with precise 400s', async () => {
    const answer = await fetch(`${server.url}/api/games/challenge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bot: 'WebBot', name: 'dan', color: 'green' }),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
