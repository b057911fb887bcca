import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';

describe('rate limit (429 rate_limited with Retry-After)', async () => {
  const app = await buildApp({ rateLimitPerMinute: 5 });
  afterAll(() => app.close());

  it('answers 429 with Retry-After once a client exceeds its budget, and only on /api', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.inject({ method: 'GET', url: '/api/games' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const limited = await app.inject({ method: 'POST', url: '/api/games' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringMatching(/5 per minute/) },
    });
    const retryAfter = Number(limited.headers['retry-after']);
    // One token comes back every 12 s at 5 per minute.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);

    // Health checks are never throttled.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('counts each client address on its own', async () => {
    const other = await app.inject({ method: 'GET', url: '/api/games', remoteAddress: '10.0.0.9' });
    expect(other.statusCode).toBe(200);
  });
});

describe('rate limit off by default', async () => {
  const app = await buildApp();
  afterAll(() => app.close());

  it('never answers 429 without --rate-limit', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => app.inject({ method: 'GET', url: '/api/games?limit=1' })),
    );
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
  });
});
