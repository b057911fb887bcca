/**
 * PGN export: the Seven Tag Roster, Termination, SetUp/FEN for games from a position, and the moves in SAN.
 * Pure: it reads a ChessBoard and writes text that chess.js (or any PGN reader) loads back to the same position.
 * Move numbers and the closing comment's words come from shared/ (move-numbers.ts, outcome-text.ts), as in every client.
 */
import { moveTokens } from '../../shared/move-numbers.js';
import { resultComment } from '../../shared/outcome-text.js';
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
    ['GameId', state.id],
    ['Termination', outcome ? PGN_TERMINATION[outcome.termination] : 'unterminated'],
  ];
  if (initialFen !== START_FEN) tags.push(['SetUp', '1'], ['FEN', initialFen]);

  const tokens = moveTokens(initialFen, board.sanMoves());
  if (outcome) {
    tokens.push(`{${resultComment(outcome)}}`);
  }
  tokens.push(state.result);

  const header = tags.map(([name, value]) => `[${name} "${tagValue(value)}"]`).join('\n');
  return `${header}\n\n${wrap(tokens)}\n`;
}
