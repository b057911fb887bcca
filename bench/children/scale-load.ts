/**
 * Section (e), scale-out, from its own process: `games` players at once, each playing random games one after
 * another against one or several Rookery processes, every request (create, joins, each move) sent to a process
 * picked at random, as clients behind a load balancer without sticky sessions would. Each game has one WebSocket
 * feed, opened on a random process too (most often not the mover's), and the feed latency of a move runs from
 * sending its POST to that socket receiving the state with the new version. Moves are counted inside the measured
 * window only, after the warm-up. Prints one JSON line.
 */
import { Agent } from 'node:http';
import WebSocket from 'ws';
import { jsonCall } from '../lib/json-call.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as {
  urls: string[];
  games: number;
  warmupSeconds: number;
  seconds: number;
};

interface State {
  version: number;
  status: string;
  legalMoves: string[];
  turn: 'white' | 'black';
}

const agent = new Agent({ keepAlive: true, maxSockets: spec.games * 2 });
const statuses: Record<string, number> = {};
const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
const pick = () => spec.urls[Math.floor(Math.random() * spec.urls.length)]!;
let socketErrors = 0;
let feedMissing = 0;

function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  return jsonCall(agent, base, method, path, body, token);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const begin = performance.now();
const from = begin + spec.warmupSeconds * 1000;
const to = from + spec.seconds * 1000;
const postLatencies: number[] = [];
const feedLatencies: number[] = [];
let moves = 0;
/** Every move answered 200, warm-up included (what the Redis command counts are divided by). */
let allMoves = 0;

/** A feed on a random process: resolves each awaited version when the socket receives it. */
function openFeed(id: string): Promise<{ socket: WebSocket; when: (version: number) => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${pick().replace(/^http/u, 'ws')}/api/games/${id}/events`, { agent });
    let seen = -1;
    const waiters = new Map<number, (at: number) => void>();
    socket.on('message', (data) => {
      const at = performance.now();
      const state = JSON.parse(data.toString()) as State;
      if (typeof state.version !== 'number') return;
      if (seen < 0) resolve({ socket, when });
      seen = Math.max(seen, state.version);
      for (const [version, done] of waiters) {
        if (version <= seen) {
          waiters.delete(version);
          done(at);
        }
      }
    });
    socket.on('error', (error) => {
      socketErrors += 1;
      if (seen < 0) reject(error);
    });
    const when = (version: number) =>
      new Promise<number | null>((done) => {
        if (version <= seen) return done(performance.now());
        const timer = setTimeout(() => {
          waiters.delete(version);
          done(null);
        }, 10_000);
        waiters.set(version, (at) => {
          clearTimeout(timer);
          done(at);
        });
      });
  });
}

async function playOneGame(): Promise<void> {
  const created = await call(pick(), 'POST', '/api/games');
  count(`create ${created.status}`);
  if (created.status !== 201) return;
  const id = (created.body as { id: string }).id;
  const white = await call(pick(), 'POST', `/api/games/${id}/join`, { name: 'w', color: 'white' });
  const black = await call(pick(), 'POST', `/api/games/${id}/join`, { name: 'b', color: 'black' });
  count(`join ${white.status}`);
  count(`join ${black.status}`);
  if (white.status !== 201 || black.status !== 201) return;
  const tokens = { white: (white.body as { token: string }).token, black: (black.body as { token: string }).token };
  let state = (black.body as { game: State }).game;
  const feed = await openFeed(id);
  try {
    for (let ply = 0; state.status === 'active' && ply < 300 && performance.now() < to; ply++) {
      const move = state.legalMoves[Math.floor(Math.random() * state.legalMoves.length)]!;
      const sent = performance.now();
      const arrived = feed.when(state.version + 1);
      const answer = await call(pick(), 'POST', `/api/games/${id}/move`, { move, ply }, tokens[state.turn]);
      const answeredAt = performance.now();
      count(`move ${answer.status}`);
      if (answer.status !== 200) return;
      allMoves += 1;
      state = answer.body as State;
      const feedAt = await arrived;
      if (sent >= from && answeredAt <= to) {
        moves += 1;
        postLatencies.push(answeredAt - sent);
        if (feedAt === null) feedMissing += 1;
        else feedLatencies.push(feedAt - sent);
      }
    }
  } finally {
    feed.socket.close();
  }
}

await Promise.all(
  Array.from({ length: spec.games }, async () => {
    while (performance.now() < to) {
      try {
        await playOneGame();
      } catch {
        count('error');
      }
    }
  }),
);
agent.destroy();
process.stdout.write(
  `${JSON.stringify({
    moves,
    allMoves,
    movesPerSecond: moves / spec.seconds,
    postP50: percentile(postLatencies, 50),
    postP99: percentile(postLatencies, 99),
    feedP50: percentile(feedLatencies, 50),
    feedP99: percentile(feedLatencies, 99),
    feedMissing,
    socketErrors,
    statuses,
  })}\n`,
);
