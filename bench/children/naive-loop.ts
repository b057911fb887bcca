/**
 * Baseline of section (b): the naive chess.js loop, one ply at a time, in its own process. Per ply: `moves()`,
 * pick one at random, `move()`, `fen()`, `isGameOver()`; a new `Chess()` when the game is over. This is the work
 * of a move with no server around it: Rookery answering moves over HTTP at this rate would cost nothing extra.
 */
import { Chess } from 'chess.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as { warmupSeconds: number; seconds: number };

function run(seconds: number): { plies: number; games: number; ms: number } {
  let chess = new Chess();
  let plies = 0;
  let games = 0;
  let sink = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  for (;;) {
    // Check the clock every 64 plies: performance.now() is cheap but not free.
    for (let i = 0; i < 64; i++) {
      const moves = chess.moves();
      chess.move(moves[Math.floor(Math.random() * moves.length)]!);
      sink += chess.fen().length;
      plies += 1;
      if (chess.isGameOver()) {
        chess = new Chess();
        games += 1;
      }
    }
    const now = performance.now();
    if (now >= end) return { plies, games: games + (sink < 0 ? 1 : 0), ms: now - start };
  }
}

run(spec.warmupSeconds);
const cpu = process.cpuUsage();
const measured = run(spec.seconds);
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({ ...measured, pliesPerSecond: (measured.plies * 1000) / measured.ms, pliesPerCpuSecond: measured.plies / cpuSeconds, cpuSeconds })}\n`,
);
