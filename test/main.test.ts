/**
 * server/main.ts as a real process (compiled, in dist/, as `npm start` runs it): flags and environment, --help and
 * bad flags, one log line per request with no secrets in it, and a clean, prompt exit on SIGTERM even with a long
 * poll in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { compiled } from './support/compiled.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Running {
  child: ChildProcess;
  /** The base URL the server printed, e.g. http://127.0.0.1:40123. */
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** How the server is started: node directly, unless a test starts it the way a user does (`npm start --`). */
const NODE_MAIN = [process.execPath, compiled('server/main.ts')];

/** Run main.ts with `args` (games in memory unless told otherwise); resolves once it has printed its URL. */
function run(
  args: string[],
  env: Record<string, string> = {},
  launcher: string[] = NODE_MAIN,
): { child: ChildProcess; output: () => string; exited: Running['exited'] } {
  const [command, ...launcherArgs] = launcher;
  const child = spawn(command!, [...launcherArgs, ...args], {
    cwd: ROOT,
    env: { ...process.env, ROOKERY_DATA: ':memory:', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => text, exited };
}

async function start(args: string[], env: Record<string, string> = {}, launcher = NODE_MAIN): Promise<Running> {
  const started = run(args, env, launcher);
  const deadline = Date.now() + 45_000;
  for (;;) {
    const match = /API under (http:\/\/\S+?)\/api/u.exec(started.output());
    if (match) return { ...started, url: match[1]! };
    if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function json<T>(
  url: string,
  method = 'GET',
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function stop(server: Running): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

describe('flags and environment', () => {
  it('--port 0 picks a free port on --host, the server answers there, and SIGTERM exits 0 promptly', async () => {
    const server = await start(['--port', '0', '--host', '127.0.0.1']);
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBeGreaterThan(0);
    expect((await json(`${server.url}/healthz`)).body).toEqual({ ok: true });
    const stoppedAt = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
  });

  it('PORT and HOST from the environment are honoured, and flags win over them', async () => {
    const port = await freePort();
    const fromEnv = await start([], { PORT: String(port), HOST: '127.0.0.2' });
    try {
      expect(fromEnv.url).toBe(`http://127.0.0.2:${port}`);
      expect((await json(`${fromEnv.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(fromEnv);
    }
    const fromFlags = await start(['--host', '127.0.0.3', '--port', '0'], { PORT: String(port), HOST: '127.0.0.2' });
    try {
      const url = new URL(fromFlags.url);
      expect(url.hostname).toBe('127.0.0.3');
      expect(url.port).not.toBe(String(port));
    } finally {
      await stop(fromFlags);
    }
  });

  // These exit at once; run them side by side, since each process spends seconds loading TypeScript.
  it.concurrent('--help prints the usage and exits 0', async ({ expect }) => {
    const help = run(['--help']);
    const { code } = await help.exited;
    expect(code).toBe(0);
    expect(help.output()).toMatch(/Usage:/u);
    for (const flag of ['--host', '--port', '--log-level', '--help']) expect(help.output()).toContain(flag);
  });

  it.concurrent.for([
    [['--port', 'abc'], /port/iu],
    [['--port', '70000'], /port/iu],
    [['--no-such-flag'], /no-such-flag|unknown/iu],
  ] as [string[], RegExp][])('%j exits non-zero with a message', async ([args, message], { expect }) => {
    const bad = run(args);
    const { code } = await bad.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBe(null);
    expect(bad.output()).toMatch(message);
  });
});

describe('request log', () => {
  it('with --access-log: one line per request with method, path, status and time, and never a seat token', async () => {
    const server = await start(['--port', '0', '--log-level', 'info', '--access-log']);
    const tokens: string[] = [];
    try {
      const created = await json<GameState>(`${server.url}/api/games`, 'POST', {});
      const white = await json<JoinResult>(`${server.url}/api/games/${created.body.id}/join`, 'POST', { name: 'w' });
      const black = await json<JoinResult>(`${server.url}/api/games/${created.body.id}/join`, 'POST', { name: 'b' });
      tokens.push(white.body.token, black.body.token);
      const base = `${server.url}/api/games/${created.body.id}`;
      expect((await json(`${base}/move`, 'POST', { move: 'e4', ply: 0 }, white.body.token)).status).toBe(200);
      expect((await json(`${base}/move`, 'POST', { move: 'e4' }, black.body.token)).status).toBe(422);
      expect((await json(`${base}/move?token=${black.body.token}`, 'POST', { move: 'e5' })).status).toBe(401);
      expect((await json(`${server.url}/api/nowhere?probe=1`)).status).toBe(404);
      expect((await json(`${base}/status?probe=2`)).status).toBe(200);

      // Wait for the last request's line rather than sleeping.
      const deadline = Date.now() + 5000;
      while (!server.output().includes('probe=2') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const lines = server.output().split('\n');
      const expectations: [string, string, number][] = [
        ['POST', '/api/games', 201],
        ['POST', `/api/games/${created.body.id}/move`, 200],
        ['POST', `/api/games/${created.body.id}/move`, 422],
        ['GET', '/api/nowhere?probe=1', 404],
        ['GET', `/api/games/${created.body.id}/status?probe=2`, 200],
      ];
      for (const [method, path, status] of expectations) {
        const matching = lines.filter((line) => line.includes(`${method} ${path} ${status}`));
        expect(matching, `${method} ${path} ${status}`).toHaveLength(1);
        const entry = JSON.parse(matching[0]!) as Record<string, unknown>;
        expect(entry).toMatchObject({ method, path, status });
        expect(typeof entry['ms']).toBe('number');
      }
      // The token in the query string was redacted, so that request is logged with *** in its place.
      expect(lines.filter((line) => line.includes('/move?token=***'))).toHaveLength(1);
      for (const token of tokens) expect(server.output()).not.toContain(token);
    } finally {
      await stop(server);
    }
    for (const token of tokens) expect(server.output()).not.toContain(token);
  });
});

describe('request log, off by default', () => {
  it('logs no line per request without --access-log (ROOKERY_ACCESS_LOG=1 switches it on)', async () => {
    const quiet = await start(['--port', '0', '--log-level', 'info']);
    try {
      expect((await json(`${quiet.url}/api/nowhere?probe=quiet`)).status).toBe(404);
      expect((await json(`${quiet.url}/healthz?probe=quiet`)).status).toBe(200);
    } finally {
      await stop(quiet);
    }
    expect(quiet.output()).not.toContain('probe=quiet');
    const loud = await start(['--port', '0', '--log-level', 'info'], { ROOKERY_ACCESS_LOG: '1' });
    try {
      expect((await json(`${loud.url}/healthz?probe=loud`)).status).toBe(200);
      const deadline = Date.now() + 5000;
      while (!loud.output().includes('probe=loud') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await stop(loud);
    }
    expect(loud.output()).toContain('GET /healthz?probe=loud 200');
  });
});

describe('shutdown', () => {
  it('SIGTERM with a long poll in flight answers the poll and exits 0 promptly', async () => {
    const server = await start(['--port', '0']);
    const created = await json<GameState>(`${server.url}/api/games`, 'POST', {});
    // A raw request, so that we know when it has been sent in full.
    const poll = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = request(
        `${server.url}/api/games/${created.body.id}/status?since=${created.body.version}&wait=60`,
      );
      outgoing.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    // The server must hold the poll before the signal; a second request answered afterwards proves it has read it.
    await json(`${server.url}/healthz`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = Date.now();
    server.child.kill('SIGTERM');
    const answer = await poll;
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as GameState).id).toBe(created.body.id);
  });
});

describe('npm start', () => {
  // Regression: with `tsx server/main.ts` as the start script, npm passed SIGTERM to the shell between it and the
  // server; the shell died and left the server running, holding its port and data file.
  it('passes SIGTERM on to the server: npm exits 0 and no server is left listening', async () => {
    const server = await start(['--port', '0'], {}, ['npm', 'start', '--silent', '--']);
    expect((await json<{ ok: boolean }>(`${server.url}/healthz`)).body).toEqual({ ok: true });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM received/u);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 60_000);
});
