/**
 * Rate limits per client address (server/http/rate-limits.ts, on @fastify/rate-limit): game creation limited by
 * default in `npm start` (60 a minute; here set explicitly, since the app's own default is off for tests), every
 * request only with `--rate-limit N`. Both answer 429 `rate_limited` with `Retry-After`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';

describe('a limit on every request (--rate-limit N)', async () => {
  const app = await buildApp({ rateLimitPerMinute: 5 });
  afterAll(() => app.close());

  it('answers 429 with Retry-After once a client exceeds its budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.inject({ method: 'GET', url: '/api/games' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const limited = await app.inject({ method: 'GET', url: '/api/games' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringMatching(/5 per minute/) },
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Pages too, with a readable page.
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toMatch(/^text\/html/u);

    // Health checks are never throttled.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('counts each client address on its own', async () => {
    const other = await app.inject({ method: 'GET', url: '/api/games', remoteAddress: '10.0.0.9' });
    expect(other.statusCode).toBe(200);
  });
});

describe('a limit on game creation (on by default in npm start)', async () => {
  const app = await buildApp({ creationsPerMinute: 3 });
  afterAll(() => app.close());

  it('counts games made through the API and the forms, not polls or moves', async () => {
    const made = [
      await app.inject({ method: 'POST', url: '/api/games' }),
      await app.inject({ method: 'POST', url: '/api/join', payload: { name: 'alice' } }),
      await app.inject({ method: 'POST', url: '/api/games' }),
    ];
    expect(made.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    const refused = await app.inject({ method: 'POST', url: '/api/games' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/new games.*3 per minute/u);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const form = await app.inject({
      method: 'POST',
      url: '/play',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=bob',
    });
    expect(form.statusCode).toBe(429);
    // Everything else goes on.
    for (let i = 0; i < 20; i++) expect((await app.inject({ url: '/api/games' })).statusCode).toBe(200);
    const id = made[0]!.json().id as string;
    expect(
      (await app.inject({ method: 'POST', url: `/api/games/${id}/join`, payload: { name: 'carol' } })).statusCode,
    ).toBe(201);
  });
});

describe('no limits unless asked for (the app as tests build it)', async () => {
  const app = await buildApp();
  afterAll(() => app.close());

  it('never answers 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => app.inject({ method: 'GET', url: '/api/games?limit=1' })),
    );
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
  });
});

describe('a cap on waiting games per address (with the creation limit)', async () => {
  const app = await buildApp({ creationsPerMinute: 100, waitingPerAddress: 3 });
  afterAll(() => app.close());

  it('refuses a fourth waiting game from one address until one of them is joined', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await app.inject({ method: 'POST', url: '/api/games', payload: { timeControl: '5+3' } });
      expect(answer.statusCode).toBe(201);
      made.push(answer.json().id);
    }
    const refused = await app.inject({ method: 'POST', url: '/api/games' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/3 games waiting/u);
    const form = await app.inject({
      method: 'POST',
      url: '/play',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=bob&timeControl=untimed',
    });
    expect(form.statusCode).toBe(429);
    // Another address is not affected; once one game has both players, a new one may wait.
    expect((await app.inject({ method: 'POST', url: '/api/games', remoteAddress: '10.0.0.7' })).statusCode).toBe(201);
    for (const name of ['alice', 'bob']) {
      await app.inject({
        method: 'POST',
        url: `/api/games/${made[0]}/join`,
        payload: { name },
        remoteAddress: '10.0.0.8',
      });
    }
    expect((await app.inject({ method: 'POST', url: '/api/games' })).statusCode).toBe(201);
  });
});

describe('behind a trusted reverse proxy (--trust-proxy)', () => {
  it('counts the limits per client as the proxy forwards it, and ignores X-Forwarded-For from anyone else', async () => {
    const create = (app: Awaited<ReturnType<typeof buildApp>>, client: string) =>
      app
        .inject({ method: 'POST', url: '/api/games', headers: { 'x-forwarded-for': client } })
        .then((answer) => answer.statusCode);
    const behind = await buildApp({ creationsPerMinute: 2, trustProxy: '127.0.0.1' });
    try {
      expect([await create(behind, '10.0.0.1'), await create(behind, '10.0.0.1')]).toEqual([201, 201]);
      expect(await create(behind, '10.0.0.1')).toBe(429);
      // Another client behind the same proxy has its own count.
      expect(await create(behind, '10.0.0.2')).toBe(201);
    } finally {
      await behind.close();
    }
    const direct = await buildApp({ creationsPerMinute: 2 });
    try {
      // Not trusted: the header is anybody's to write, so every request counts for the connection's address.
      expect([await create(direct, '10.0.0.1'), await create(direct, '10.0.0.2')]).toEqual([201, 201]);
      expect(await create(direct, '10.0.0.3')).toBe(429);
    } finally {
      await direct.close();
    }
  });
});
