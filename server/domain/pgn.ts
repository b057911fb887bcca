/**
 * PGN export: the Seven Tag Roster, then (in ASCII order, PGN 8.1.1) FEN/SetUp for games from a position, GameId,
 * Termination and TimeControl (PGN 9.6: `300+3`, `1/259200`, `-` untimed); the moves in SAN, each move of a timed
 * game followed by its clock comment `{ [%clk 0:04:57] }` (the mover's time left after it, as lichess writes it).
 * Pure: it reads a ChessBoard and writes text that chess.js (or any PGN reader) loads back to the same position.
 * Move numbers and the closing comment's words come from shared/ (move-numbers.ts, outcome-text.ts), as in every client.
 */
import { numberMoves } from '../../shared/move-numbers.js';
import { resultComment } from '../../shared/outcome-text.js';
import { pgnTimeControl } from '../../shared/time-control.js';
import type { Termination } from '../../shared/vocabulary.js';
import type { ChessBoard } from './chess-board.js';
import { START_FEN } from './chess-position.js';

/** PGN's own Termination vocabulary (PGN standard 9.8.1), from our precise reasons. */
const PGN_TERMINATION: Record<Termination, string> = {
  checkmate: 'normal',
  stalemate: 'normal',
  resignation: 'normal',
  agreement: 'normal',
  threefold_repetition: 'normal',
  fivefold_repetition: 'normal',
  fifty_move_rule: 'normal',
  seventy_five_move_rule: 'normal',
  insufficient_material: 'normal',
  timeout: 'time forfeit',
  aborted: 'abandoned',
};

/** Escape a PGN tag value: backslash and quote are escaped, line breaks become spaces. */
function tagValue(value: string): string {
  return value
    .replace(/[\r\n\t]+/gu, ' ')
    .replace(/\\/gu, '\\\\')
    .replace(/"/gu, '\\"');
}

function pgnDate(iso: string): string {
  return iso.slice(0, 10).replace(/-/gu, '.');
}

/** Wrap movetext at 79 columns as the PGN standard asks. */
function wrap(tokens: string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && line.length + 1 + token.length > 79) {
      lines.push(line);
      line = token;
    } else {
      line = line ? `${line} ${token}` : token;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** A clock comment's time: `H:MM:SS`, whole seconds rounded down. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const seconds = String(total % 60).padStart(2, '0');
  const minutes = String(Math.floor(total / 60) % 60).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${minutes}:${seconds}`;
}

/**
 * The movetext tokens (PGN 8.2.2): a number before each white move, and before a black move when it comes first
 * or follows a comment (`"12..."`); a clock comment after each move that has one.
 */
function movetext(initialFen: string, sans: readonly string[], clocks: readonly (number | undefined)[]): string[] {
  const tokens: string[] = [];
  let afterComment = false;
  for (const [index, move] of numberMoves(initialFen, sans).entries()) {
    if (move.color === 'white') tokens.push(`${move.number}.`);
    else if (index === 0 || afterComment) tokens.push(`${move.number}...`);
    tokens.push(move.san);
    const clock = clocks[index];
    afterComment = clock !== undefined;
    if (afterComment) tokens.push(`{ [%clk ${clockText(clock!)}] }`);
  }
  return tokens;
}

/** The game as PGN text, ending with a newline. */
export function makePgn(board: ChessBoard, site: string): string {
  const state = board.state();
  const outcome = board.outcome();
  const initialFen = board.initialFen();
  const tags: [string, string][] = [
    ['Event', 'Rookery game'],
    ['Site', site],
    ['Date', pgnDate(state.createdAt)],
    ['Round', '-'],
    ['White', board.playerName('white') ?? '?'],
    ['Black', board.playerName('black') ?? '?'],
    ['Result', state.result],
  ];
  // After the Seven Tag Roster, tags in ASCII order of their names (PGN 8.1.1).
  if (initialFen !== START_FEN) tags.push(['FEN', initialFen]);
  tags.push(['GameId', state.id]);
  if (initialFen !== START_FEN) tags.push(['SetUp', '1']);
  tags.push(['Termination', outcome ? PGN_TERMINATION[outcome.termination] : 'unterminated']);
  tags.push(['TimeControl', pgnTimeControl(board.timeControl())]);

  const clocks = board.moveRecords().map((move) => move.clockMs);
  const tokens = movetext(initialFen, board.sanMoves(), clocks);
  if (outcome) {
    tokens.push(`{${resultComment(outcome)}}`);
  }
  tokens.push(state.result);

  const header = tags.map(([name, value]) => `[${name} "${tagValue(value)}"]`).join('\n');
  return `${header}\n\n${wrap(tokens)}\n`;
}
