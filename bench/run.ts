/**
 * `npm run bench`: Rookery's performance as ONE table of ratios, written to docs/performance.md with a chart.
 *
 * The machine is small (2 cores) and shared, so absolute figures move from run to run; every figure is therefore
 * a ratio against a baseline measured in the same run, and baselines are measured right beside (interleaved with)
 * what they are compared to. The server under test always runs as its own process, started the way `npm start`
 * starts it (bench/lib/processes.ts), and the load always comes from another process (bench/children/).
 *
 *   (a) GET /status 200 and 304 against a bare node:http server answering the same bytes
 *   (b) moves/s over HTTP for N concurrent random games, memory store and durable SQLite, against the naive
 *       chess.js loop; the chart
 *   (c) live feed latency with 1,000 games in play, against the POST's own round trip
 *   (d) RSS per cached active game with 10,000 active games; start-up with 100,000 stored games against an
 *       empty file
 *
 * Usage: npm run bench -- [--quick] [--only a,b,c,d] [--out DIR] [--server-commit REV | --server-root DIR]
 *                          [--server-node-flags="..."]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BenchError,
  configureServer,
  getServerRoot,
  killAll,
  ROOT,
  staleBuildSources,
  runChild,
  serverCommand,
  startChildServer,
  startRookery,
  type ServerProcess,
} from './lib/processes.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { chartSvg, formatNumber, markdownTable, renderPng, textTable, verdict, type Row } from './lib/report.js';

const HELP = `Usage: npm run bench -- [options]

Measures Rookery against baselines taken in the same run; prints one table and writes performance.md
(and performance-chart.png) to docs/ (a full run) or to a temporary folder (--quick or --only).

  --quick                  seconds per section: a smoke run, figures not comparable with the targets
  --only a,b,c,d,e         run only these sections (a: status, b: moves/s, c: live feed, d: memory and start-up,
                           e: scale-out, 1-3 processes on Redis beside SQLite on one)
  --out DIR                where performance.md and performance-chart.png go
  --server-commit REV      measure the server of a commit (git archive of REV into a temporary folder, run with
                           this checkout's node_modules): compare commits, or leave out uncommitted work
  --server-root DIR        measure the server of another checkout (its dist/ build, else its sources via tsx)
  --server-node-flags=STR  extra node flags for the server, e.g. --server-node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"
  -h, --help               this text
`;

const { values: flags } = (() => {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        out: { type: 'string' },
        'server-root': { type: 'string' },
        'server-commit': { type: 'string' },
        'server-node-flags': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    });
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
})();
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const SECTIONS = ['a', 'b', 'c', 'd', 'e'] as const;
type Section = (typeof SECTIONS)[number];
const only = (flags.only ?? SECTIONS.join(','))
  .split(',')
  .map((part) => part.trim().toLowerCase())
  .filter(Boolean);
for (const part of only) {
  if (!(SECTIONS as readonly string[]).includes(part)) {
    process.stderr.write(`bench: unknown section "${part}" in --only (use a, b, c, d, e)\n`);
    process.exit(2);
  }
}
const selected = new Set(only as Section[]);
const complete = !flags.quick && selected.size === SECTIONS.length;
if (flags['server-root'] && flags['server-commit']) {
  process.stderr.write('bench: give --server-commit or --server-root, not both\n');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'rookery-bench-'));
/** `--server-commit`: that commit's files, as `git archive` gives them, beside this checkout's node_modules. */
let serverCommit: string | null = null;
let serverBuilt = false;
if (flags['server-commit']) {
  try {
    serverCommit = execFileSync('git', ['rev-parse', '--short', `${flags['server-commit']}^{commit}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    const tar = execFileSync('git', ['archive', '--format=tar', serverCommit], { cwd: ROOT, maxBuffer: 1024 ** 3 });
    mkdirSync(join(tmp, 'server-root'));
    execFileSync('tar', ['-x', '-C', join(tmp, 'server-root')], { input: tar });
    symlinkSync(join(ROOT, 'node_modules'), join(tmp, 'server-root', 'node_modules'));
    // Run that commit the way its own `npm start` would: compiled, when it has a build.
    const scripts =
      (
        JSON.parse(readFileSync(join(tmp, 'server-root', 'package.json'), 'utf8')) as {
          scripts?: Record<string, string>;
        }
      ).scripts ?? {};
    if (scripts['build'] && /dist\//u.test(scripts['start'] ?? '')) {
      process.stderr.write(`bench: building commit ${serverCommit} (npm run build)\n`);
      execFileSync('npm', ['run', 'build'], { cwd: join(tmp, 'server-root'), stdio: ['ignore', 'pipe', 'pipe'] });
      serverBuilt = true;
    }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    process.stderr.write(
      `bench: cannot check out --server-commit ${flags['server-commit']}: ${(error as Error).message}\n`,
    );
    process.exit(2);
  }
}
configureServer({
  ...(flags['server-root'] ? { root: flags['server-root'] } : {}),
  ...(serverCommit ? { root: join(tmp, 'server-root') } : {}),
  ...(flags['server-node-flags'] ? { nodeFlags: flags['server-node-flags'].split(/\s+/u).filter(Boolean) } : {}),
});

/** How much of everything: the full run's sizes come from the brief (issue 9, point 10); --quick only smokes. */
const PLAN = flags.quick
  ? {
      a: { connections: 50, warmupSeconds: 0.5, seconds: 1, rounds: 1 },
      b: { concurrency: [1, 20], warmupSeconds: 0.5, seconds: 1.5, naiveWarmupSeconds: 0.5, naiveSeconds: 1.5 },
      c: { games: 100, moves: 300, concurrency: 20 },
      d: { activeGames: 500, plies: 4, storedGames: 2_000, startups: 1, warmStarts: false },
      e: { games: 10, warmupSeconds: 0.5, seconds: 2, rounds: 1 },
    }
  : {
      a: { connections: 50, warmupSeconds: 2, seconds: 2, rounds: 4 },
      b: { concurrency: [1, 5, 20, 50], warmupSeconds: 1, seconds: 4, naiveWarmupSeconds: 1, naiveSeconds: 4 },
      c: { games: 1_000, moves: 3_000, concurrency: 20 },
      d: { activeGames: 10_000, plies: 4, storedGames: 100_000, startups: 3, warmStarts: true },
      e: { games: 20, warmupSeconds: 2, seconds: 6, rounds: 2 },
    };
/** The concurrency at which the moves/s targets are read. */
const TARGET_GAMES = 20;
/** Longest a load phase of section (d) may run before it stops where it is (the bench always ends by itself). */
const PHASE_CAP_SECONDS = 180;

const rows: Row[] = [];
/** Everything unexpected seen under load (non-2xx answers, socket errors, timeouts), by section. */
const issues: string[] = [];
const details: string[] = [];
const timings: string[] = [];
let chart: { svg: string; series: { n: number; memory: number; sqlite: number }[]; naive: number } | null = null;

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

process.once('SIGINT', () => {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
  process.stderr.write('\nbench: interrupted\n');
  process.exit(130);
});

/** Status lines of a load child that are not what a healthy server answers, e.g. "move 503 x12". */
function unexpected(statuses: Record<string, number>, expected: string[]): string[] {
  return Object.entries(statuses)
    .filter(([key]) => !expected.includes(key))
    .map(([key, count]) => `${key} x${count}`);
}

/** A small JSON call from this process (set-up only, never load). */
async function call<T>(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T; headers: Headers; text: string }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers, text };
}

interface GameState {
  id: string;
  version: number;
  status: string;
  turn: 'white' | 'black';
  legalMoves: string[];
  uci: string[];
}

/** One game with both seats taken and `plies` random moves played: what the status benchmark reads. */
async function playedGame(url: string, plies: number): Promise<GameState> {
  const created = await call<GameState>(url, 'POST', '/api/games');
  if (created.status !== 201) throw new BenchError(`POST /api/games answered ${created.status}: ${created.text}`);
  const { id } = created.body;
  const tokens = {
    white: (
      await call<{ token: string }>(url, 'POST', `/api/games/${id}/join`, { name: 'bench-white', color: 'white' })
    ).body.token,
    black: '',
  };
  const black = await call<{ token: string; game: GameState }>(url, 'POST', `/api/games/${id}/join`, {
    name: 'bench-black',
    color: 'black',
  });
  if (black.status !== 201) throw new BenchError(`join answered ${black.status}: ${black.text}`);
  tokens.black = black.body.token;
  let state = black.body.game;
  while (state.uci.length < plies && state.status === 'active') {
    const move = state.legalMoves[Math.floor(Math.random() * state.legalMoves.length)]!;
    const moved = await call<GameState>(
      url,
      'POST',
      `/api/games/${id}/move`,
      { move, ply: state.uci.length },
      tokens[state.turn],
    );
    if (moved.status !== 200) throw new BenchError(`move answered ${moved.status}: ${moved.text}`);
    state = moved.body;
  }
  return state;
}

async function stopServer(server: ServerProcess, what: string): Promise<void> {
  const early = server.exitedEarly();
  if (early)
    throw new BenchError(
      `${what}: the server stopped by itself during the run (${early}).\nstderr:\n${server.stderr()}`,
    );
  const code = await server.stop();
  if (code !== 0) issues.push(`${what}: the server exited with code ${code} on SIGTERM`);
  const stderr = server.stderr().trim();
  if (stderr)
    issues.push(`${what}: the server wrote on stderr: ${stderr.split('\n').slice(-3).join(' / ').slice(0, 400)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// (a) GET /status, 200 and 304, against node:http answering the same bytes
// ---------------------------------------------------------------------------------------------------------------
interface FixedResult {
  perSecond: number;
  perServerCpuSecond: number;
  requests: number;
  seconds: number;
  errors: number;
  timeouts: number;
  latencyP50: number;
  latencyP99: number;
  statuses: Record<string, number>;
  unexpected: number;
}

async function sectionA(): Promise<void> {
  const plan = PLAN.a;
  const server = await startRookery(join(tmp, 'status.db'));
  const game = await playedGame(server.url, 20);
  const path = `/api/games/${game.id}/status`;
  const real = await call<GameState>(server.url, 'GET', path);
  const etag = real.headers.get('etag') ?? '';
  if (real.status !== 200 || etag !== `"${game.id}-${real.body.version}"`) {
    throw new BenchError(
      `GET ${path} answered ${real.status} with ETag ${etag || '(none)'}; expected 200 and "${game.id}-${real.body.version}"`,
    );
  }
  const notModified = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
  if (notModified.status !== 304)
    throw new BenchError(`GET ${path} with If-None-Match ${etag} answered ${notModified.status}, not 304`);
  const raw = await startChildServer('raw-status-server', {
    body: real.text,
    etag,
    contentType: real.headers.get('content-type') ?? 'application/json; charset=utf-8',
  });
  const copy = await fetch(`${raw.url}${path}`);
  if ((await copy.text()) !== real.text) throw new BenchError('the raw node:http server does not answer the same body');

  const targets = { rookery: server.url, raw: raw.url } as const;
  const pids = { rookery: server.pid, raw: raw.pid } as const;
  const results: Record<string, FixedResult[]> = {};
  const warmed = new Set<string>();
  const order: [keyof typeof targets, 200 | 304][] = [
    ['rookery', 200],
    ['raw', 200],
    ['raw', 304],
    ['rookery', 304],
  ];
  for (let round = 0; round < plan.rounds; round++) {
    // ABBA: each figure is taken as often early as late, so a drift of the machine falls on both alike.
    for (const [who, status] of round % 2 ? [...order].reverse() : order) {
      const key = `${who} ${status}`;
      const result = await runChild<FixedResult>(
        'http-load',
        {
          mode: 'fixed',
          url: targets[who],
          path,
          headers: status === 304 ? { 'if-none-match': etag } : {},
          connections: plan.connections,
          warmupSeconds: warmed.has(key) ? 0 : plan.warmupSeconds,
          seconds: plan.seconds,
          expect: status,
          serverPid: pids[who],
        },
        120_000,
      );
      warmed.add(key);
      results[key] = [...(results[key] ?? []), result];
      if (result.unexpected > 0 || result.errors > 0 || result.timeouts > 0) {
        issues.push(
          `(a) ${key}: ${result.unexpected} answers other than ${status} (${JSON.stringify(result.statuses)}), ${result.errors} errors, ${result.timeouts} timeouts`,
        );
      }
      log(`(a) ${key}: ${formatNumber(result.perSecond)}/s`);
    }
  }
  await raw.stop();
  await stopServer(server, '(a)');

  const rate = (key: string) => mean(results[key]!.map((result) => result.perSecond));
  const perCpu = (key: string) => mean(results[key]!.map((result) => result.perServerCpuSecond));
  const p = (key: string, field: 'latencyP50' | 'latencyP99') => mean(results[key]!.map((result) => result[field]));
  for (const [status, limit] of [
    [200, 0.8],
    [304, 0.85],
  ] as const) {
    const rookery = rate(`rookery ${status}`);
    const baseline = rate(`raw ${status}`);
    const ratio = rookery / baseline;
    rows.push({
      section: 'a',
      figure: `GET /status ${status}, ${plan.connections} connections`,
      measured: `${formatNumber(rookery)} req/s`,
      baseline: `raw node:http ${formatNumber(baseline)} req/s`,
      ratio,
      target: `>= ${limit.toFixed(2)}`,
      verdict: verdict(ratio, '>=', limit),
    });
    details.push(
      `| ${status} | ${formatNumber(rookery)} | ${formatNumber(p(`rookery ${status}`, 'latencyP50'))} / ${formatNumber(p(`rookery ${status}`, 'latencyP99'))} | ${formatNumber(baseline)} | ${formatNumber(p(`raw ${status}`, 'latencyP50'))} / ${formatNumber(p(`raw ${status}`, 'latencyP99'))} | ${formatNumber(perCpu(`rookery ${status}`))} / ${formatNumber(perCpu(`raw ${status}`))} = ${(perCpu(`rookery ${status}`) / perCpu(`raw ${status}`)).toFixed(2)} |`,
    );
  }
  details.unshift(
    '### (a) GET /status',
    '',
    `One active game of ${real.body.uci.length} plies; its 200 body is ${formatNumber(Buffer.byteLength(real.text))} bytes. autocannon, ${plan.connections} connections,`,
    `${plan.rounds} x ${plan.seconds} s per figure (ABBA order), after ${plan.warmupSeconds} s of warm-up each. Latencies in ms. The last`,
    'column divides answers by the CPU time the server process used meanwhile (user + system, all threads, from',
    '/proc/<pid>/stat): the cost per request, which other jobs on the machine disturb less than the rate.',
    '',
    '| status | Rookery req/s | Rookery p50 / p99 | node:http req/s | node:http p50 / p99 | answers per server CPU-second, Rookery / node:http |',
    '|---:|---:|---:|---:|---:|---:|',
  );
  details.push('');
}

// ---------------------------------------------------------------------------------------------------------------
// (b) moves/s over HTTP, memory store and durable SQLite, against the naive chess.js loop
// ---------------------------------------------------------------------------------------------------------------
interface NaiveResult {
  pliesPerSecond: number;
  pliesPerCpuSecond: number;
  plies: number;
  games: number;
}
interface GamesResult {
  moves: number;
  movesPerSecond: number;
  movesPerServerCpuSecond: number;
  gamesStarted: number;
  gamesFinishedInWindow: number;
  moveP50: number;
  moveP99: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

async function sectionB(): Promise<void> {
  const plan = PLAN.b;
  const naive = async () => {
    const result = await runChild<NaiveResult>(
      'naive-loop',
      { warmupSeconds: plan.naiveWarmupSeconds, seconds: plan.naiveSeconds },
      60_000,
    );
    log(`(b) naive chess.js loop: ${formatNumber(result.pliesPerSecond)} plies/s`);
    return result;
  };
  // The naive loop runs before, halfway through and after the HTTP runs, while no load runs: its mean is the baseline.
  const naiveRuns = [await naive()];
  const servers = {
    memory: await startRookery(':memory:'),
    sqlite: await startRookery(join(tmp, 'moves.db')),
  };
  const results: Record<'memory' | 'sqlite', Map<number, GamesResult[]>> = { memory: new Map(), sqlite: new Map() };
  // Alternate which store goes first; the targets' concurrency is measured twice more, in ABBA order.
  const runs = [
    ...plan.concurrency,
    ...(flags.quick || !plan.concurrency.includes(TARGET_GAMES) ? [] : [TARGET_GAMES]),
  ];
  for (const [index, n] of runs.entries()) {
    if (index === Math.floor(runs.length / 2)) naiveRuns.push(await naive());
    const first = plan.concurrency.indexOf(n);
    const sqliteFirst = index === first ? index % 2 === 1 : first % 2 === 0;
    const stores = sqliteFirst ? (['sqlite', 'memory'] as const) : (['memory', 'sqlite'] as const);
    for (const store of stores) {
      const result = await runChild<GamesResult>(
        'http-load',
        {
          mode: 'games',
          url: servers[store].url,
          connections: n,
          warmupSeconds: plan.warmupSeconds,
          seconds: plan.seconds,
          maxPlies: 2_000,
          serverPid: servers[store].pid,
        },
        120_000,
      );
      results[store].set(n, [...(results[store].get(n) ?? []), result]);
      const odd = unexpected(result.statuses, ['create 201', 'join 201', 'move 200']);
      if (odd.length > 0 || result.errors > 0 || result.timeouts > 0) {
        issues.push(
          `(b) ${store}, ${n} games: ${[...odd, `${result.errors} errors`, `${result.timeouts} timeouts`].join(', ')} (only 200 moves are counted; a game that got anything else is abandoned)`,
        );
      }
      log(
        `(b) ${store === 'memory' ? 'memory store' : 'SQLite FULL '}, ${String(n).padStart(2)} games: ${formatNumber(result.movesPerSecond)} moves/s`,
      );
    }
  }
  await stopServer(servers.memory, '(b) memory store');
  await stopServer(servers.sqlite, '(b) SQLite');
  naiveRuns.push(await naive());
  const naiveRate = mean(naiveRuns.map((run) => run.pliesPerSecond));

  const all = (store: 'memory' | 'sqlite', n: number) => results[store].get(n) ?? [];
  const at = (store: 'memory' | 'sqlite', n: number) => mean(all(store, n).map((result) => result.movesPerSecond));
  const perCpu = (store: 'memory' | 'sqlite', n: number) =>
    mean(all(store, n).map((result) => result.movesPerServerCpuSecond));
  const naivePerCpu = mean(naiveRuns.map((run) => run.pliesPerCpuSecond));
  const latency = (store: 'memory' | 'sqlite', n: number) =>
    `${mean(all(store, n).map((result) => result.moveP50)).toFixed(1)} / ${mean(all(store, n).map((result) => result.moveP99)).toFixed(1)}`;
  const targetN = plan.concurrency.includes(TARGET_GAMES) ? TARGET_GAMES : plan.concurrency.at(-1)!;
  const memoryRate = at('memory', targetN);
  const sqliteRate = at('sqlite', targetN);
  rows.push({
    section: 'b',
    figure: `moves/s, memory store, ${targetN} games`,
    measured: `${formatNumber(memoryRate)}/s`,
    baseline: `naive chess.js loop ${formatNumber(naiveRate)}/s`,
    ratio: memoryRate / naiveRate,
    target: '>= 1.00',
    verdict: verdict(memoryRate / naiveRate, '>=', 1),
  });
  rows.push({
    section: 'b',
    figure: `moves/s, SQLite FULL, ${targetN} games`,
    measured: `${formatNumber(sqliteRate)}/s`,
    baseline: `memory store ${formatNumber(memoryRate)}/s`,
    ratio: sqliteRate / memoryRate,
    target: '>= 0.90',
    verdict: verdict(sqliteRate / memoryRate, '>=', 0.9),
  });

  details.push(
    '### (b) moves/s over HTTP',
    '',
    `Each connection plays random games one after another (create, join both seats, then a random move of the`,
    `previous answer's \`legalMoves\` with \`ply\`); ${plan.seconds} s counted per point after ${plan.warmupSeconds} s of warm-up.`,
    `Naive chess.js loop, before, halfway through and after the HTTP runs: ${naiveRuns.map((run) => `${formatNumber(run.pliesPerSecond)}/s`).join(', ')} (mean ${formatNumber(naiveRate)}/s).`,
    `Move latency is the POST round trip seen by the load process, in ms. Per CPU-second: moves divided by the CPU time the`,
    `server process used meanwhile (all threads); the naive loop makes ${formatNumber(naivePerCpu)} plies per CPU-second.`,
    '',
    '| games | memory moves/s | x naive loop | memory p50 / p99 | SQLite moves/s | x memory | SQLite p50 / p99 | moves per server CPU-s, memory / SQLite |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...plan.concurrency.map(
      (n) =>
        `| ${n} | ${formatNumber(at('memory', n))} | ${(at('memory', n) / naiveRate).toFixed(2)} | ${latency('memory', n)} | ${formatNumber(at('sqlite', n))} | ${(at('sqlite', n) / at('memory', n)).toFixed(2)} | ${latency('sqlite', n)} | ${formatNumber(perCpu('memory', n))} / ${formatNumber(perCpu('sqlite', n))} |`,
    ),
    '',
    ...(runs.length > plan.concurrency.length
      ? [`${TARGET_GAMES} games was measured twice per store (ABBA order); its figures are the means.`, '']
      : []),
  );
  const series = plan.concurrency.map((n) => ({ n, memory: at('memory', n), sqlite: at('sqlite', n) }));
  chart = {
    series,
    naive: naiveRate,
    svg: chartSvg({
      title: 'Rookery: moves per second over HTTP',
      subtitle: `random games from another process; ${availableParallelism()} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
      series: [
        { label: 'memory store', color: '#1f77b4', points: series.map((point) => ({ x: point.n, y: point.memory })) },
        { label: 'SQLite (FULL)', color: '#d62728', points: series.map((point) => ({ x: point.n, y: point.sqlite })) },
      ],
      baseline: { label: 'naive chess.js loop', y: naiveRate },
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// (c) live feed latency with 1,000 games in play
// ---------------------------------------------------------------------------------------------------------------
interface FeedResult {
  games: number;
  sockets: number;
  setupSeconds: number;
  connectSeconds: number;
  moves: number;
  movesSeconds: number;
  postP50: number;
  postP99: number;
  feedP50: number;
  feedP99: number;
  feedReceived: number;
  feedMissing: number;
  socketErrors: number;
  socketCloses: number;
  statuses: Record<string, number>;
}

async function sectionC(): Promise<void> {
  const plan = PLAN.c;
  const server = await startRookery(join(tmp, 'feed.db'));
  const result = await runChild<FeedResult>(
    'feed-load',
    { url: server.url, ...plan, maxSeconds: PHASE_CAP_SECONDS },
    (PHASE_CAP_SECONDS + 60) * 1000,
  );
  await stopServer(server, '(c)');
  const odd = unexpected(result.statuses, ['create 201', 'join 201', 'move 200']);
  if (odd.length > 0 || result.feedMissing > 0 || result.socketErrors > 0 || result.socketCloses > 0) {
    issues.push(
      `(c) ${[...odd, `${result.feedMissing} feed messages missing after 10 s`, `${result.socketErrors} socket errors`, `${result.socketCloses} sockets closed by the server`].join(', ')} (latencies count only moves answered 200; a missing message counts in neither percentile)`,
    );
  }
  if (result.moves < plan.moves)
    issues.push(`(c) only ${result.moves} of ${plan.moves} moves were played within ${PHASE_CAP_SECONDS} s`);
  log(
    `(c) feed p50/p99 ${result.feedP50.toFixed(1)}/${result.feedP99.toFixed(1)} ms, POST p50/p99 ${result.postP50.toFixed(1)}/${result.postP99.toFixed(1)} ms`,
  );
  const ratio = result.feedP99 / result.postP99;
  rows.push({
    section: 'c',
    figure: `live feed p99, ${formatNumber(result.sockets)} games`,
    measured: `${result.feedP99.toFixed(1)} ms`,
    baseline: `POST p99 ${result.postP99.toFixed(1)} ms`,
    ratio,
    target: '<= 1.50',
    verdict: verdict(ratio, '<=', 1.5),
  });
  rows.push({
    section: 'c',
    figure: 'live feed p50',
    measured: `${result.feedP50.toFixed(1)} ms`,
    baseline: `POST p50 ${result.postP50.toFixed(1)} ms`,
    ratio: result.feedP50 / result.postP50,
    target: '–',
    verdict: 'info',
  });
  details.push(
    '### (c) live feed',
    '',
    `${formatNumber(result.games)} games made active through HTTP (${result.setupSeconds.toFixed(1)} s), one WebSocket per game opened for the opponent`,
    `(${result.connectSeconds.toFixed(1)} s), then ${formatNumber(result.moves)} random moves over ${result.movesSeconds.toFixed(1)} s, ${plan.concurrency} in flight, durable SQLite.`,
    `Feed latency runs from sending the move's POST to the opponent's socket receiving the state with the new version;`,
    `${formatNumber(result.feedReceived)} of ${formatNumber(result.moves)} arrived.`,
    '',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// (d) RSS per cached active game; start-up with 100,000 stored games
// ---------------------------------------------------------------------------------------------------------------
interface ActiveResult {
  activeGames: number;
  moves: number;
  wallSeconds: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}
interface CreateResult {
  created: number;
  seconds: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

/**
 * Milliseconds from spawning the server to its first 200 on /healthz. With `check`, it then asks the restarted
 * server for an active game, which must be there (after the timing).
 */
async function timeStartup(file: string, check = false): Promise<number> {
  const started = performance.now();
  const server = await startRookery(file, 120_000);
  let elapsed = NaN;
  for (let attempt = 0; attempt < 2_000; attempt++) {
    try {
      const response = await fetch(`${server.url}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) {
        elapsed = performance.now() - started;
        break;
      }
    } catch {
      // not yet
    }
    await sleep(5);
  }
  if (check) {
    const listed = await call<{ games: unknown[] }>(server.url, 'GET', '/api/games?status=active&limit=1');
    if (listed.status !== 200 || listed.body.games.length !== 1)
      issues.push(`(d) after the restart, GET /api/games?status=active answered ${listed.status} with no game`);
  }
  await stopServer(server, '(d) start-up');
  if (!Number.isFinite(elapsed)) throw new BenchError(`the server on ${file} never answered 200 on /healthz`);
  return elapsed;
}

async function sectionD(): Promise<void> {
  const plan = PLAN.d;
  const file = join(tmp, 'stored.db');
  const server = await startRookery(file);
  const warmupGames = 50;
  // Warm-up: every route and code path the measured games take, so that "before" holds the compiled code.
  const warm = await runChild<ActiveResult>(
    'http-load',
    { mode: 'active', url: server.url, connections: 10, gamesPerConnection: warmupGames / 10, plies: plan.plies },
    120_000,
  );
  await sleep(1_000);
  const before = server.rssKiB();
  const loadStart = performance.now();
  // A fifth of the games first, then the rest, RSS read after each: the growth over the rest, per game, is what one
  // more cached game costs, free of what grows once (V8's young generation, SQLite's page caches up to their cap,
  // code compiled on first use). V8 grows its heap in steps, so the measured stretch is long: 4/5 of the games.
  const phase = (games: number) =>
    runChild<ActiveResult>(
      'http-load',
      {
        mode: 'active',
        url: server.url,
        connections: 50,
        gamesPerConnection: Math.ceil(games / 50),
        plies: plan.plies,
        maxSeconds: PHASE_CAP_SECONDS,
      },
      (PHASE_CAP_SECONDS + 60) * 1000,
    );
  const first = await phase(plan.activeGames / 5);
  await sleep(2_000);
  const middle = server.rssKiB();
  const second = await phase((plan.activeGames * 4) / 5);
  const active: ActiveResult = {
    activeGames: first.activeGames + second.activeGames,
    moves: first.moves + second.moves,
    wallSeconds: first.wallSeconds + second.wallSeconds,
    errors: first.errors + second.errors,
    timeouts: first.timeouts + second.timeouts,
    statuses: Object.fromEntries(
      [...new Set([...Object.keys(first.statuses), ...Object.keys(second.statuses)])].map((key) => [
        key,
        (first.statuses[key] ?? 0) + (second.statuses[key] ?? 0),
      ]),
    ),
  };
  const activeSeconds = (performance.now() - loadStart) / 1000;
  await sleep(2_000);
  const after = server.rssKiB();
  for (const [what, result] of [
    ['warm-up', warm],
    ['active games', active],
  ] as const) {
    const odd = unexpected(result.statuses, ['create 201', 'join 201', 'move 200']);
    if (odd.length > 0 || result.errors > 0 || result.timeouts > 0) {
      issues.push(
        `(d) ${what}: ${[...odd, `${result.errors} errors`, `${result.timeouts} timeouts`].join(', ')} (a game counts as active once both joins answered 201)`,
      );
    }
  }
  if (active.activeGames < plan.activeGames) {
    issues.push(
      `(d) only ${formatNumber(active.activeGames)} of ${formatNumber(plan.activeGames)} games were made active (${PHASE_CAP_SECONDS} s cap or failed answers); RSS per game uses the games made`,
    );
  }
  const perGameKiB = (after - middle) / Math.max(1, second.activeGames);
  const averageKiB = (after - before) / active.activeGames;
  log(
    `(d) RSS ${formatNumber(before / 1024, 1)} MiB -> ${formatNumber(middle / 1024, 1)} MiB -> ${formatNumber(after / 1024, 1)} MiB for ${formatNumber(first.activeGames)} + ${formatNumber(second.activeGames)} active games: ${perGameKiB.toFixed(1)} KiB per game added (${averageKiB.toFixed(1)} KiB averaged from idle)`,
  );
  rows.push({
    section: 'd',
    figure: `RSS per cached active game, ${formatNumber(active.activeGames)} games`,
    measured: `${perGameKiB.toFixed(1)} KiB`,
    baseline: `${averageKiB.toFixed(1)} KiB avg from idle`,
    ratio: after / before,
    target: '<= 16 KiB',
    verdict: verdict(perGameKiB, '<=', 16),
  });

  // Seed the rest of the stored games through HTTP against the same file.
  const toSeed = Math.max(0, plan.storedGames - warmupGames - active.activeGames);
  const seedStart = performance.now();
  const seeded = toSeed
    ? await runChild<CreateResult>(
        'http-load',
        { mode: 'create', url: server.url, connections: 50, amount: toSeed, maxSeconds: PHASE_CAP_SECONDS },
        (PHASE_CAP_SECONDS + 60) * 1000,
      )
    : { created: 0, seconds: 0, errors: 0, timeouts: 0, statuses: {} };
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const odd = unexpected(seeded.statuses, ['create 201']);
  if (odd.length > 0 || seeded.errors > 0 || seeded.timeouts > 0)
    issues.push(`(d) seeding: ${[...odd, `${seeded.errors} errors`, `${seeded.timeouts} timeouts`].join(', ')}`);
  const stored = warmupGames + active.activeGames + seeded.created;
  if (stored < plan.storedGames)
    issues.push(
      `(d) seeding stopped at ${formatNumber(stored)} of ${formatNumber(plan.storedGames)} stored games (${PHASE_CAP_SECONDS} s cap)`,
    );
  log(
    `(d) seeded ${formatNumber(seeded.created)} games in ${seedSeconds.toFixed(1)} s; ${formatNumber(stored)} stored`,
  );
  await stopServer(server, '(d) seeding');

  // The baseline: a Rookery file holding no game (made by one start, not timed).
  const empty = join(tmp, 'empty.db');
  await stopServer(await startRookery(empty), '(d) empty file');
  // One untimed start first, so that compile caches and the page cache are warm for both alike.
  if (plan.warmStarts) await timeStartup(file);
  const full: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < plan.startups; run++) {
    bare.push(await timeStartup(empty));
    full.push(await timeStartup(file, run === 0));
  }
  const fullMs = median(full);
  const bareMs = median(bare);
  log(
    `(d) start-up to /healthz 200: ${fullMs.toFixed(0)} ms with ${formatNumber(stored)} games, ${bareMs.toFixed(0)} ms empty`,
  );
  rows.push({
    section: 'd',
    figure: `start-up to /healthz 200, ${formatNumber(stored)} stored games`,
    measured: `${formatNumber(fullMs)} ms`,
    baseline: `empty file ${formatNumber(bareMs)} ms`,
    ratio: fullMs / bareMs,
    target: '–',
    verdict: 'info',
  });
  details.push(
    '### (d) memory and start-up',
    '',
    `Durable SQLite file. RSS (VmRSS of /proc/<pid>/status) read after a warm-up of ${warmupGames} games, then 2 s after making`,
    `${formatNumber(first.activeGames)} games active with ${plan.plies} random plies each, and again 2 s after ${formatNumber(second.activeGames)} more (${activeSeconds.toFixed(1)} s in all):`,
    `${formatNumber(before)} KiB -> ${formatNumber(middle)} KiB -> ${formatNumber(after)} KiB. The figure is the growth over the last`,
    `${formatNumber(second.activeGames)} games per game, what one more cached game costs (V8 grows its heap in steps, so the stretch is long);`,
    "the average from idle also counts what grows once (V8's young generation, SQLite's page caches up to their cap, code",
    'compiled on first use) and is shown beside it.',
    `Then ${formatNumber(seeded.created)} more games were created through HTTP (${seedSeconds.toFixed(1)} s), ${formatNumber(stored)} stored in all`,
    `(${formatNumber(readFileSizeMiB(file), 1)} MiB file), and the server stopped with SIGTERM. Start-up runs from spawning the server until its first 200`,
    `on /healthz; median of ${plan.startups} start(s) each, alternating with a Rookery file that holds no game:`,
    `${full.map((ms) => formatNumber(ms)).join(', ')} ms against ${bare.map((ms) => formatNumber(ms)).join(', ')} ms.`,
    '',
  );
}

function readFileSizeMiB(file: string): number {
  try {
    let bytes = 0;
    for (const suffix of ['', '-wal']) {
      try {
        bytes += readFileSync(file + suffix).byteLength;
      } catch {
        // no WAL after a clean stop
      }
    }
    return bytes / 1024 / 1024;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Which code the server ran: the commit of its checkout, and whether its sources differ from it. */
function gitDescription(): string {
  if (serverCommit) {
    return `commit ${serverCommit} (--server-commit ${flags['server-commit']}: its files from git archive${serverBuilt ? ', compiled with its npm run build' : ''})`;
  }
  const root = getServerRoot();
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'shared', 'web-client'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return `commit ${commit}${dirty ? ' with uncommitted changes under server/, shared/ or web-client/' : ''}`;
  } catch {
    return `${root} (not a git checkout)`;
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '?';
  }
}

async function writeReport(
  outDir: string,
  elapsedSeconds: number,
  loadBefore: number[],
  loadAfter: number[],
): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const docPath = join(outDir, 'performance.md');
  const pngPath = join(outDir, 'performance-chart.png');
  let chartLine = '';
  if (chart) {
    const rendered = await renderPng(chart.svg, pngPath);
    if (rendered.ok)
      chartLine = `![Moves per second against concurrent games: memory store, SQLite, and the naive chess.js loop](performance-chart.png)`;
    else {
      writeFileSync(join(outDir, 'performance-chart.svg'), chart.svg);
      log(`chart: no PNG (${rendered.why}); wrote performance-chart.svg instead`);
      chartLine = `*(No PNG this run: ${rendered.why}.)*`;
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().replace(/\.\d+Z$/u, 'Z');
  const text = [
    '# Performance',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${date}; ${complete ? 'a full run' : `a partial run (${flags.quick ? '--quick' : ''}${flags.only ? ` --only ${flags.only}` : ''})`}.`,
    '',
    '## How it was measured',
    '',
    `- Machine: ${availableParallelism()} cores (nproc), ${cpu}, ${formatNumber(totalmem() / 1024 ** 3, 0)} GiB, Linux ${release()}; shared with other work, so`,
    `  load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} at the start, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} at the end.`,
    `- Node ${process.version}; server \`${serverCommand().label} --port 0 --host 127.0.0.1 --log-level warn --data …\`; ${serverCommit ? '' : `run in ${getServerRoot() === ROOT ? 'this checkout' : getServerRoot()}, `}${gitDescription()}.`,
    `- Every figure is a ratio to a baseline measured in the same run, next to it in time: absolute figures on this`,
    '  machine move by tens of percent from run to run, ratios much less.',
    `- The server is always its own process; the load always comes from another (autocannon ${packageVersion('autocannon')} through its`,
    '  programmatic API in a child process, or a WebSocket/HTTP client of our own for the live feed). Everything goes to',
    '  127.0.0.1. "Memory store" is `--data :memory:`; "SQLite" is a new temporary file with the default durability',
    '  (WAL, `synchronous = FULL`: every change is on disk before it is answered).',
    `- The whole run took ${formatNumber(elapsedSeconds)} s${timings.length ? ` (${timings.join('; ')})` : ''}.`,
    '',
    '## Results',
    '',
    markdownTable(rows),
    '',
    issues.length
      ? `Seen during the run (and how it counts):\n\n${issues.map((issue) => `- ${issue}`).join('\n')}`
      : 'Nothing unexpected under load: every request got the answer a healthy server gives (no non-2xx, no socket error).',
    '',
    ...(chartLine ? [chartLine, ''] : []),
    '## Details',
    '',
    ...details,
    '## How to read it',
    '',
    '- **ratio** is measured / baseline. Targets are set on the ratio, except the memory row (KiB per game). A row',
    '  marked info has no target. PASS/FAIL compares the ratio with the target of this run only; rerun before trusting a',
    '  figure that sits near its target.',
    '- (a) compares Rookery with a bare `node:http` server answering the same bytes and headers: 1.00 would mean routing,',
    '  validation, the game lookup and serialisation cost nothing. Both are driven by one autocannon process, so on 2',
    '  cores the baseline may be held back by the load generator itself (which flatters the ratio).',
    '- (b) moves/s: 1.00 x naive loop means the server answers moves over HTTP as fast as chess.js alone can generate,',
    '  play and check them with no server at all. The SQLite row is what durability costs at the same concurrency.',
    '- (c) feed / POST: how much later the opponent learns of a move than the mover learns it was accepted.',
    '- (d) RSS per game is the growth over the last 4/5 of the active games divided by their number (the cost of one',
    '  more cached game); it still includes heap not yet collected. Its ratio is RSS after / RSS idle. The start-up row',
    '  compares the same server on a file of stored games and on one with none.',
    '- The per-CPU-second columns under Details divide work by the CPU time the server process used: when other jobs',
    '  share the cores, they move less than the rates, so a ratio that differs much between the two views was disturbed.',
    '- Only expected answers count: req/s in (a) counts only 200s (or 304s); a move answered anything but 200 is not',
    '  counted in (b) and its game is abandoned (the connection starts a new one); feed and POST latencies in (c) come',
    '  from moves answered 200, and a feed message that never came counts in neither. Anything unexpected is listed',
    '  under the table with its count; a server that stops by itself, or fails to start, ends the run with exit code 1',
    '  and its stderr.',
    `- Load phases stop by themselves: each of (c) and (d) has a ${PHASE_CAP_SECONDS} s cap, and a row made under a cap says so above.`,
    '',
    '## How to rerun',
    '',
    '```sh',
    'npm run bench                      # everything (3 to 5 minutes here), rewrites docs/performance.md and the chart',
    'npm run bench -- --quick           # seconds per section: a smoke test, written to a temporary folder',
    'npm run bench -- --only a,c        # some sections only (also written to a temporary folder unless --out docs)',
    'npm run bench -- --server-commit HEAD~3   # the server of another commit (or uncommitted work left out)',
    'npm run bench -- --quick --server-node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"   # profile the server',
    '```',
    '',
    `The server is \`node dist/server/main.js\` when a build exists (\`npm run build\`), else \`node --import tsx server/main.ts\`.`,
    'Chromium (`/usr/bin/chromium`, Debian package `chromium`) draws the chart; without it the chart is left as SVG.',
    '',
  ].join('\n');
  writeFileSync(docPath, text);
  log(
    `wrote ${relative(process.cwd(), docPath) || docPath}${chart && chartLine.startsWith('!') ? ` and ${relative(process.cwd(), pngPath)}` : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// (e) scale-out: 1, 2 and 3 processes on one Redis, beside SQLite on one process
// ---------------------------------------------------------------------------------------------------------------
interface ScaleResult {
  moves: number;
  allMoves: number;
  movesPerSecond: number;
  postP50: number;
  postP99: number;
  feedP50: number;
  feedP99: number;
  feedMissing: number;
  socketErrors: number;
  statuses: Record<string, number>;
}

/** What one configuration gave, with Redis's own work over the run (commands and CPU seconds), when on Redis. */
interface ScaleRun extends ScaleResult {
  redisCommands: number;
  redisCpuSeconds: number;
}

async function sectionE(): Promise<void> {
  const plan = PLAN.e;
  // The documented durable setting (docs/scale-out.md): every acknowledged change is on Redis's disk, as SQLite's
  // FULL synchronous mode puts it on the data file's.
  const redis = await startRedisServer({ appendfsync: 'always' });
  const redisStats = async () => {
    const info = await redis.cli('INFO', 'all');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'mu').exec(info)?.[1] ?? Number.NaN);
    return {
      commands: field('total_commands_processed'),
      cpu: field('used_cpu_user') + field('used_cpu_sys'),
    };
  };
  const configs = ['sqlite', 'redis1', 'redis2', 'redis3'] as const;
  type Config = (typeof configs)[number];
  const results = new Map<Config, ScaleRun[]>();
  try {
    for (let round = 0; round < plan.rounds; round++) {
      // Alternate the order between rounds (ABBA), so that a machine getting busier does not favour one side.
      const order = round % 2 === 0 ? configs : [...configs].reverse();
      for (const config of order) {
        const processes = config === 'sqlite' ? 1 : Number(config.slice('redis'.length));
        if (config !== 'sqlite') await redis.cli('FLUSHALL');
        const servers: ServerProcess[] = [];
        for (let i = 0; i < processes; i++) {
          servers.push(await startRookery(config === 'sqlite' ? join(tmp, `scale-${round}.db`) : { redis: redis.url }));
        }
        const before = await redisStats();
        const result = await runChild<ScaleResult>(
          'scale-load',
          { urls: servers.map((server) => server.url), ...plan },
          120_000,
        );
        const after = await redisStats();
        for (const server of servers) await stopServer(server, `(e) ${config}`);
        const run: ScaleRun = {
          ...result,
          redisCommands: config === 'sqlite' ? 0 : after.commands - before.commands,
          redisCpuSeconds: config === 'sqlite' ? 0 : after.cpu - before.cpu,
        };
        results.set(config, [...(results.get(config) ?? []), run]);
        const odd = unexpected(result.statuses, ['create 201', 'join 201', 'move 200']);
        if (odd.length > 0 || result.feedMissing > 0 || result.socketErrors > 0) {
          issues.push(
            `(e) ${config}: ${[...odd, `${result.feedMissing} feed messages missing after 10 s`, `${result.socketErrors} socket errors`].join(', ')}`,
          );
        }
        log(
          `(e) ${config}: ${formatNumber(result.movesPerSecond)} moves/s, POST p50/p99 ${result.postP50.toFixed(1)}/${result.postP99.toFixed(1)} ms, feed p50/p99 ${result.feedP50.toFixed(1)}/${result.feedP99.toFixed(1)} ms`,
        );
      }
    }
  } finally {
    await redis.stop();
  }
  const avg = (config: Config, pick: (run: ScaleRun) => number) => mean((results.get(config) ?? []).map(pick));
  const rate = (config: Config) => avg(config, (run) => run.movesPerSecond);
  const sqliteRate = rate('sqlite');
  const redisRate = rate('redis1');
  const perMove = (config: Config, pick: (run: ScaleRun) => number) =>
    mean((results.get(config) ?? []).map((run) => pick(run) / Math.max(1, run.allMoves)));
  rows.push({
    section: 'e',
    figure: 'moves/s, Redis, 1 process',
    measured: `${formatNumber(redisRate)}/s`,
    baseline: `SQLite, 1 process ${formatNumber(sqliteRate)}/s`,
    ratio: redisRate / sqliteRate,
    target: '–',
    verdict: 'info',
  });
  for (const config of ['redis2', 'redis3'] as const) {
    rows.push({
      section: 'e',
      figure: `moves/s, Redis, ${config.slice(-1)} processes`,
      measured: `${formatNumber(rate(config))}/s`,
      baseline: `Redis, 1 process ${formatNumber(redisRate)}/s`,
      ratio: rate(config) / redisRate,
      target: '–',
      verdict: 'info',
    });
  }
  for (const config of configs) {
    rows.push({
      section: 'e',
      figure: `feed p99, ${config === 'sqlite' ? 'SQLite, 1 process' : `Redis, ${config.slice(-1)} process(es)`}`,
      measured: `${avg(config, (run) => run.feedP99).toFixed(1)} ms`,
      baseline: `POST p99 ${avg(config, (run) => run.postP99).toFixed(1)} ms`,
      ratio: avg(config, (run) => run.feedP99) / avg(config, (run) => run.postP99),
      target: '–',
      verdict: 'info',
    });
  }
  details.push(
    '### (e) scale-out on Redis',
    '',
    `${plan.games} players at once play random games, ${plan.seconds} s counted per point after ${plan.warmupSeconds} s of warm-up,`,
    `${plan.rounds} round(s) in ABBA order. Every request (create, joins, each move) goes to a process picked at random,`,
    'as behind a load balancer without sticky sessions; each game has one WebSocket feed, opened on a random process',
    "(most often not the mover's). Feed latency runs from sending a move's POST to that socket receiving the new",
    'version. Redis runs with `appendonly yes`, `appendfsync always` (docs/scale-out.md), SQLite with FULL sync.',
    'Redis commands and CPU per move are over the whole run (joins, creations, heartbeats included), per move answered.',
    '',
    '| configuration | moves/s | x SQLite | POST p50 / p99 ms | feed p50 / p99 ms | Redis commands per move | Redis CPU µs per move |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...configs.map(
      (config) =>
        `| ${config === 'sqlite' ? 'SQLite, 1 process' : `Redis, ${config.slice(-1)} process(es)`} | ${formatNumber(rate(config))} | ${(rate(config) / sqliteRate).toFixed(2)} | ${avg(config, (run) => run.postP50).toFixed(1)} / ${avg(config, (run) => run.postP99).toFixed(1)} | ${avg(config, (run) => run.feedP50).toFixed(1)} / ${avg(config, (run) => run.feedP99).toFixed(1)} | ${config === 'sqlite' ? '–' : perMove(config, (run) => run.redisCommands).toFixed(1)} | ${config === 'sqlite' ? '–' : (perMove(config, (run) => run.redisCpuSeconds) * 1e6).toFixed(0)} |`,
    ),
    '',
    `What this ${availableParallelism()}-core machine can show: the load generator, Redis and every Rookery process share the`,
    'same cores, so more processes cannot add cores here; the ratios show what sharing costs (the extra hop through',
    'Redis, every message fanned out to every process) and that nothing is lost or reordered across processes. On',
    'machines with a core per process, moves/s grows with the processes until Redis (single-threaded) is the limit:',
    'its CPU per move above gives that ceiling (1 s / CPU per move).',
    '',
  );
}

const began = performance.now();
const loadBefore = loadavg();
const stale = staleBuildSources();
if (stale.length > 0) {
  const warning = `dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): the server measured is the last build, not the code in the folder (npm run build).`;
  log(`WARNING: ${warning}`);
  issues.push(warning);
}
try {
  log(
    `server: ${serverCommand().label} in ${getServerRoot()}${serverCommit ? ` (commit ${serverCommit})` : ''}; ${availableParallelism()} cores; ${flags.quick ? 'quick run' : 'full run'}; sections ${[...selected].join(',')}`,
  );
  const sections: Record<Section, () => Promise<void>> = {
    a: sectionA,
    b: sectionB,
    c: sectionC,
    d: sectionD,
    e: sectionE,
  };
  for (const section of SECTIONS) {
    if (!selected.has(section)) continue;
    const start = performance.now();
    await sections[section]();
    timings.push(`(${section}) ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }
  const elapsed = (performance.now() - began) / 1000;
  const outDir = resolve(flags.out ?? (complete ? join(ROOT, 'docs') : join(tmpdir(), 'rookery-bench-report')));
  await writeReport(outDir, elapsed, loadBefore, loadavg());
  process.stdout.write(`\n${textTable(rows)}\n`);
  if (issues.length)
    process.stdout.write(`\nSeen during the run:\n${issues.map((issue) => `  - ${issue}`).join('\n')}\n`);
  if (flags.quick)
    process.stdout.write('\n(--quick: short runs and small sizes; compare with the targets only after a full run)\n');
} catch (error) {
  killAll();
  if (error instanceof BenchError) {
    process.stderr.write(`\nbench: FAILED: ${error.message}\n`);
  } else {
    process.stderr.write(`\nbench: FAILED: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
} finally {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
}
