/**
 * Section (c), the live feed, from its own process: make `games` games active through HTTP, open one WebSocket
 * per game (the opponent's view of it), then play `moves` random moves spread over the games, `concurrency` at a
 * time. For each move: the POST's round trip, and the time from sending the POST until the game's socket receives
 * the state with the new version. Prints one JSON line.
 */
import { Agent } from 'node:http';
import WebSocket from 'ws';
import { jsonCall } from '../lib/json-call.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  games: number;
  moves: number;
  concurrency: number;
  maxSeconds: number;
};

interface State {
  version: number;
  status: string;
  turn: 'white' | 'black';
  legalMoves: string[];
  uci: string[];
}

interface Game {
  id: string;
  tokens: { white: string; black: string };
  state: State;
  socket?: WebSocket;
  /** Highest version the socket has received. */
  seen: number;
  /** Set while a move waits for its feed message. */
  waiting?: { version: number; resolve: (at: number) => void };
}

const agent = new Agent({ keepAlive: true, maxSockets: Math.max(spec.concurrency, 20) });
const statuses: Record<string, number> = {};
const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
let socketErrors = 0;
let socketCloses = 0;
let stopping = false;

function call(method: string, path: string, body?: unknown, token?: string) {
  return jsonCall(agent, spec.url, method, path, body, token);
}

/** Run `task` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length && !stopping) await task(items[next++]!);
    }),
  );
}

async function makeGame(): Promise<Game> {
  const created = await call('POST', '/api/games');
  count(`create ${created.status}`);
  if (created.status !== 201) throw new Error(`POST /api/games answered ${created.status}`);
  const id = (created.body as { id: string }).id;
  const white = await call('POST', `/api/games/${id}/join`, { name: 'feed-white', color: 'white' });
  count(`join ${white.status}`);
  const black = await call('POST', `/api/games/${id}/join`, { name: 'feed-black', color: 'black' });
  count(`join ${black.status}`);
  if (white.status !== 201 || black.status !== 201) throw new Error(`join answered ${white.status}/${black.status}`);
  const whiteSeat = white.body as { token: string };
  const blackSeat = black.body as { token: string; game: State };
  return { id, tokens: { white: whiteSeat.token, black: blackSeat.token }, state: blackSeat.game, seen: -1 };
}

function openFeed(game: Game): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${spec.url.replace(/^http/u, 'ws')}/api/games/${game.id}/events`);
    game.socket = socket;
    let first = true;
    socket.on('message', (data) => {
      const at = performance.now();
      const state = JSON.parse(data.toString()) as State;
      if (typeof state.version !== 'number') return;
      game.seen = Math.max(game.seen, state.version);
      if (first) {
        first = false;
        resolve();
      }
      if (game.waiting && state.version >= game.waiting.version) {
        const { resolve: arrived } = game.waiting;
        game.waiting = undefined;
        arrived(at);
      }
    });
    socket.on('error', (error) => {
      socketErrors += 1;
      if (first) reject(error);
    });
    socket.on('close', () => {
      if (!stopping) socketCloses += 1;
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const deadline = setTimeout(() => {
  stopping = true;
}, spec.maxSeconds * 1000);
deadline.unref();

const setupStart = performance.now();
const games: Game[] = [];
await pool(
  Array.from({ length: spec.games }, (_, index) => index),
  20,
  async () => {
    games.push(await makeGame());
  },
);
const setupSeconds = (performance.now() - setupStart) / 1000;
const feedStart = performance.now();
await pool(games, 50, openFeed);
const connectSeconds = (performance.now() - feedStart) / 1000;

const postMs: number[] = [];
const feedMs: number[] = [];
let missing = 0;
let played = 0;
const idle = [...games];
const movesStart = performance.now();

async function mover(): Promise<void> {
  while (played < spec.moves && !stopping) {
    const at = Math.floor(Math.random() * idle.length);
    const game = idle[at];
    if (!game) return;
    idle[at] = idle[idle.length - 1]!;
    idle.pop();
    played += 1;
    const { state } = game;
    const uci = state.legalMoves[Math.floor(Math.random() * state.legalMoves.length)]!;
    let arrivedAt = 0;
    const arrived = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        game.waiting = undefined;
        missing += 1;
        resolve();
      }, 10_000);
      game.waiting = {
        version: state.version + 1,
        resolve: (time) => {
          clearTimeout(timer);
          arrivedAt = time;
          resolve();
        },
      };
    });
    const sent = performance.now();
    const answer = await call(
      'POST',
      `/api/games/${game.id}/move`,
      { move: uci, ply: state.uci.length },
      game.tokens[state.turn],
    );
    const answered = performance.now();
    count(`move ${answer.status}`);
    if (answer.status !== 200) {
      game.waiting = undefined;
      continue;
    }
    postMs.push(answered - sent);
    await arrived;
    if (arrivedAt > 0) feedMs.push(arrivedAt - sent);
    game.state = answer.body as State;
    if (game.state.status === 'active') idle.push(game);
  }
}
await Promise.all(Array.from({ length: spec.concurrency }, mover));
const movesSeconds = (performance.now() - movesStart) / 1000;
stopping = true;
for (const game of games) game.socket?.terminate();
agent.destroy();

process.stdout.write(
  `${JSON.stringify({
    games: games.length,
    sockets: games.filter((game) => game.socket).length,
    setupSeconds,
    connectSeconds,
    moves: postMs.length,
    movesSeconds,
    postP50: percentile(postMs, 50),
    postP99: percentile(postMs, 99),
    feedP50: percentile(feedMs, 50),
    feedP99: percentile(feedMs, 99),
    feedReceived: feedMs.length,
    feedMissing: missing,
    socketErrors,
    socketCloses,
    statuses,
  })}\n`,
);
process.exit(0);
