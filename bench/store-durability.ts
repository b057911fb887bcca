/**
 * Measurements behind docs/storage.md: `npm run bench -- [folder]`.
 *
 * 1. Commits per second of `update()` (one move each, the record growing to 300 plies) for the memory store and a
 *    SQLite file with synchronous FULL (the default) and NORMAL.
 * 2. Moves per second through GameService (rules + store) with each store.
 * 3. Restoring a 300-ply game: replaying its moves (what the service does) against starting from its final
 *    position (what a stored snapshot would cost), and reading the record back from SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChessBoard } from '../server/domain/chess-board.js';
import type { GameRecord } from '../server/domain/game-record.js';
import type { GameSummary } from '../shared/api-schema.js';
import { GameService } from '../server/service/game-service.js';
import type { GameStore } from '../server/store/game-store.js';
import { MemoryGameStore } from '../server/store/memory-store.js';
import { openSqliteStore } from '../server/store/sqlite-store.js';

const PLIES = 300;
const GAMES = 10;
const folder = mkdtempSync(join(process.argv[2] ?? tmpdir(), 'rookery-bench-'));

/** A random game of exactly PLIES plies, as the records the service would write after each move. */
function randomGame(): { board: ChessBoard; steps: { record: GameRecord; summary: GameSummary }[] } {
  for (;;) {
    const now = new Date().toISOString();
    const board = ChessBoard.create(`bench${Math.random().toString(36).slice(2, 10)}`, now);
    board.join('white', 'a'.repeat(64), now);
    board.join('black', 'b'.repeat(64), now);
    const steps = [];
    while (board.plies < PLIES && board.status === 'active') {
      const state = board.state();
      board.move(state.turn, state.legalMoves[Math.floor(Math.random() * state.legalMoves.length)]!, now);
      steps.push({ record: board.toRecord(), summary: board.summary() });
    }
    if (board.plies === PLIES) return { board, steps };
  }
}

function sqliteStore(name: string, synchronous: 'FULL' | 'NORMAL'): GameStore {
  const opened = openSqliteStore(join(folder, name), { synchronous });
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
}

/** A rate as a share of the baseline measured in the same run (the memory store): the machine is shared and
 * noisy, so absolute figures vary from run to run while ratios hold. */
function ratio(rate: number, baseline: number): string {
  return `(${(rate / baseline).toFixed(2)} x memory store)`;
}

let commitBaseline: number | undefined;
let serviceBaseline: number | undefined;

const games = Array.from({ length: GAMES }, randomGame);

console.log(`update() commits, ${GAMES} games x ${PLIES} plies:`);
for (const [label, makeStore] of [
  ['memory store', () => new MemoryGameStore()],
  ['SQLite FULL', () => sqliteStore('full.db', 'FULL')],
  ['SQLite NORMAL', () => sqliteStore('normal.db', 'NORMAL')],
] as const) {
  const store = makeStore();
  const start = performance.now();
  for (const { steps } of games) {
    const first = steps[0]!;
    store.insert({ ...first.record, version: first.record.version - 1, moves: [] }, first.summary);
    for (const step of steps) store.update(step.record, step.summary);
  }
  const rate = (GAMES * PLIES * 1000) / (performance.now() - start);
  commitBaseline ??= rate;
  console.log(`  ${label.padEnd(14)} ${Math.round(rate)}/s  ${ratio(rate, commitBaseline)}`);
  store.close();
}

console.log('moves through GameService (rules + store), 20 games x 100 plies:');
for (const [label, makeStore] of [
  ['memory store', () => new MemoryGameStore()],
  ['SQLite FULL', () => sqliteStore('service-full.db', 'FULL')],
  ['SQLite NORMAL', () => sqliteStore('service-normal.db', 'NORMAL')],
] as const) {
  const store = makeStore();
  const service = new GameService({ store });
  let moves = 0;
  const start = performance.now();
  for (let game = 0; game < 20; game++) {
    const created = service.create();
    if (!created.ok) throw new Error(created.message);
    const id = created.value.id;
    const white = service.join(id, 'w');
    const black = service.join(id, 'b');
    if (!white.ok || !black.ok) throw new Error('join');
    const tokens = { white: white.value.token, black: black.value.token };
    let state = black.value.game;
    while (state.status === 'active' && state.uci.length < 100) {
      const move = state.legalMoves[Math.floor(Math.random() * state.legalMoves.length)]!;
      const moved = service.move({ gameId: id, token: tokens[state.turn] }, move);
      if (!moved.ok) throw new Error(moved.message);
      state = moved.value;
      moves += 1;
    }
  }
  const rate = (moves * 1000) / (performance.now() - start);
  serviceBaseline ??= rate;
  console.log(`  ${label.padEnd(14)} ${Math.round(rate)}/s  ${ratio(rate, serviceBaseline)}`);
  store.close();
}

const reader = sqliteStore('full.db', 'FULL');
const time = (run: () => void) => {
  const start = performance.now();
  for (const game of games) void game, run();
  return ((performance.now() - start) / games.length).toFixed(2);
};
let index = 0;
const nextGame = () => games[index++ % games.length]!;
console.log(`restoring a ${PLIES}-ply game (mean of ${GAMES}):`);
console.log(`  read the record from SQLite        ${time(() => reader.get(nextGame().board.id))} ms`);
console.log(`  replay its moves (fromRecord)      ${time(() => ChessBoard.fromRecord(nextGame().board.toRecord()).state())} ms`);
console.log(
  `  start from its final FEN instead   ${time(() => {
    const board = nextGame().board;
    ChessBoard.create(board.id, board.createdAt, board.state().fen).state();
  })} ms`,
);
reader.close();
rmSync(folder, { recursive: true, force: true });
