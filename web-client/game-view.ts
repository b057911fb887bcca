/**
 * What a game page shows, derived from GameState alone: the squares with their marks and what clicking each one
 * does, the move list with its numbers, the status line and the result. Pure and free of HTML, so the rules of
 * the page are tested without rendering. Legality is never decided here: destinations come from the server's
 * `legalMoves`.
 */
import type { GameState } from '../shared/api-schema.js';
import { resultForPlayer, resultHeadline, sideName } from '../shared/outcome-text.js';
import {
  kingSquare,
  materialCount,
  orientedRows,
  parsePlacement,
  pieceName,
  type Piece,
  type PieceType,
} from '../shared/board.js';
import { moveRows as numberedRows, type MoveRow } from '../shared/move-numbers.js';
import { PROMOTION_PIECES, type Color, type PromotionPiece } from '../shared/vocabulary.js';

/** Who looks at the page: a seated player (who may act) or a spectator (who chooses the side at the bottom). */
export type Viewer = { role: 'player'; color: Color } | { role: 'spectator'; orientation: Color };

/** What the player chose so far by clicking, read from the page's query: `{from: 'e7', to: 'e8'}`. */
export interface Selection {
  /** The selected piece's square, e.g. `"e2"`. */
  from?: string | undefined;
  /** A promotion square chosen for it, e.g. `"e8"`: the page then asks for the piece. */
  to?: string | undefined;
}

/** What pressing a square does; null for a square that is not a button. */
export type SquareAction =
  | { kind: 'select'; square: string }
  | { kind: 'deselect' }
  | { kind: 'move'; uci: string }
  | { kind: 'promote'; from: string; to: string };

/** One square as drawn, e.g. `{name: 'e4', piece: {color: 'white', type: 'p'}, isLastMove: true, ...}`. */
export interface SquareView {
  name: string;
  piece: Piece | null;
  isLight: boolean;
  /** Origin or target of the last move. */
  isLastMove: boolean;
  /** The king of the side to move, in check. */
  isCheck: boolean;
  /** The piece the player picked. */
  isSelected: boolean;
  /** A legal destination of the picked piece. */
  isDestination: boolean;
  action: SquareAction | null;
  /** Accessible name, e.g. `"e4, white knight, last move"`. */
  label: string;
}

/** The board as drawn: rows top to bottom, with the file and rank labels in the same order. */
export interface BoardView {
  orientation: Color;
  rows: SquareView[][];
  files: string[];
  ranks: string[];
}

/** Legal moves grouped by origin and target: `e7 -> e8 -> ['q','r','b','n']`; a plain move has `[]`. */
export type MoveMap = Map<string, Map<string, PromotionPiece[]>>;

const SQUARE = /^[a-h][1-8]$/u;

/** Is `text` a square name like `"e4"`? */
export function isSquareName(text: unknown): text is string {
  return typeof text === 'string' && SQUARE.test(text);
}

/** Group UCI moves by origin and target. */
export function groupMoves(legalMoves: readonly string[]): MoveMap {
  const map: MoveMap = new Map();
  for (const uci of legalMoves) {
    const from = uci.slice(0, 2);
    const to = uci.slice(2, 4);
    const promotion = uci.slice(4) as PromotionPiece | '';
    const targets = map.get(from) ?? new Map<string, PromotionPiece[]>();
    const pieces = targets.get(to) ?? [];
    if (promotion) pieces.push(promotion);
    targets.set(to, pieces);
    map.set(from, targets);
  }
  return map;
}

/** The parts of a GameState that a board drawing needs. */
export type BoardSource = Pick<GameState, 'fen' | 'legalMoves' | 'lastMove' | 'check' | 'status' | 'turn'>;

/** May this viewer move now? */
export function canMove(state: Pick<GameState, 'status' | 'turn'>, viewer: Viewer): boolean {
  return viewer.role === 'player' && state.status === 'active' && state.turn === viewer.color;
}

/**
 * The selection as far as it is valid in this position: a `from` that is not a movable piece of the player is dropped,
 * and so is a `to` that is not a promotion target of it (stale query strings must not break the page).
 */
export function validSelection(state: GameState, viewer: Viewer, pick: Selection): { from?: string; to?: string } {
  if (!canMove(state, viewer) || !isSquareName(pick.from)) return {};
  const targets = groupMoves(state.legalMoves).get(pick.from);
  if (!targets) return {};
  if (isSquareName(pick.to) && (targets.get(pick.to)?.length ?? 0) > 0) return { from: pick.from, to: pick.to };
  return { from: pick.from };
}

/** The promotion choices of a valid pick with a target, in the order offered: queen first. */
export function promotionChoices(state: GameState, pick: { from?: string; to?: string }): PromotionPiece[] {
  if (!pick.from || !pick.to) return [];
  const pieces = groupMoves(state.legalMoves).get(pick.from)?.get(pick.to) ?? [];
  return PROMOTION_PIECES.filter((piece) => pieces.includes(piece));
}

/** The board as `viewer` sees it, with `pick` applied (pass a pick checked by `validSelection`). */
export function boardView(state: BoardSource, viewer: Viewer, pick: { from?: string; to?: string }): BoardView {
  const orientation = viewer.role === 'player' ? viewer.color : viewer.orientation;
  const board = parsePlacement(state.fen);
  const moves = groupMoves(state.legalMoves);
  const interactive = canMove(state, viewer);
  const checkSquare = state.check ? kingSquare(board, state.turn) : null;
  const targets = pick.from ? moves.get(pick.from) : undefined;
  const lastMove = state.lastMove;

  const rows = orientedRows(board, orientation).map((row) =>
    row.map((square): SquareView => {
      const isLastMove = lastMove !== null && (square.name === lastMove.from || square.name === lastMove.to);
      const isCheck = square.name === checkSquare;
      const isSelected = square.name === pick.from;
      const promotions = targets?.get(square.name);
      const isDestination = promotions !== undefined;
      let action: SquareAction | null = null;
      if (interactive) {
        if (isDestination && pick.from) {
          action =
            promotions.length > 0
              ? { kind: 'promote', from: pick.from, to: square.name }
              : { kind: 'move', uci: `${pick.from}${square.name}` };
        } else if (isSelected) {
          action = { kind: 'deselect' };
        } else if (moves.has(square.name)) {
          action = { kind: 'select', square: square.name };
        }
      }
      const parts = [square.name, square.piece ? pieceName(square.piece) : 'empty'];
      if (isLastMove) parts.push('last move');
      if (isCheck) parts.push('in check');
      if (isSelected) parts.push('selected');
      if (isDestination) parts.push(square.piece ? 'capture' : 'move here');
      return {
        name: square.name,
        piece: square.piece,
        isLight: square.isLight,
        isLastMove,
        isCheck,
        isSelected,
        isDestination,
        action,
        label: parts.join(', '),
      };
    }),
  );
  const files = orientation === 'white' ? [...'abcdefgh'] : [...'hgfedcba'];
  const ranks = orientation === 'white' ? [...'87654321'] : [...'12345678'];
  return { orientation, rows, files, ranks };
}

/** One numbered line of the move list (shared/move-numbers.ts). */
export type { MoveRow } from '../shared/move-numbers.js';

/**
 * The moves in numbered rows. Games from a position may start with black or at a move number above 1: both come
 * from the game's `initialFen` (shared/move-numbers.ts numbers moves for every client and the PGN).
 */
export function moveRows(state: Pick<GameState, 'initialFen' | 'moves'>): MoveRow[] {
  return numberedRows(state.initialFen, state.moves);
}

export { resultHeadline, sideName, winnerOf } from '../shared/outcome-text.js';

/**
 * The viewer's own line under the headline (shared/outcome-text.ts words it): "You won (1–0)", "You lost (0–1)",
 * "A draw (½–½)", or "Result: 1–0" for spectators.
 */
export function resultForViewer(state: Pick<GameState, 'termination' | 'winner' | 'result'>, viewer: Viewer): string {
  return resultForPlayer(state, viewer.role === 'player' ? viewer.color : null);
}

/** "just now", "12 s", "3 min", "2 h". */
export function formatAgo(fromIso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** A player's shown name, or a placeholder for a free seat. */
export function playerName(state: Pick<GameState, 'players'>, color: Color): string {
  return state.players[color]?.name ?? `(${color} seat free)`;
}

/** The status line: "Your move", "Check! Your move", "Waiting for bob… (updated 2 s ago)", "White to move". */
export function statusText(state: GameState, viewer: Viewer, now: Date): string {
  if (state.status === 'finished') return resultHeadline(state);
  if (state.status === 'waiting') {
    return viewer.role === 'player' ? 'Waiting for an opponent to join…' : 'Waiting for a second player…';
  }
  const check = state.check ? 'Check! ' : '';
  if (viewer.role === 'player') {
    if (state.turn === viewer.color) return `${check}Your move`;
    return `${check}Waiting for ${playerName(state, state.turn)}… (updated ${formatAgo(state.updatedAt, now)})`;
  }
  return `${check}${sideName(state.turn)} to move (${playerName(state, state.turn)})`;
}

/** Should this page refresh itself? Only while it waits for someone else, never on the player's own turn or after the end. */
export function isWaitingForOthers(state: GameState, viewer: Viewer): boolean {
  if (state.status === 'finished') return false;
  if (state.status === 'waiting') return true;
  return !canMove(state, viewer);
}

/** What each side is up in material, the way chess sites show it beside the board. */
export interface MaterialEdge {
  /**
   * Opposing pieces each side has taken beyond what it lost of the same kind, most valuable first: with white a
   * knight up, `{white: ['n'], black: []}`. Counting the difference (not the losses against a full set) keeps it
   * right for games that start from any position.
   */
  captured: Record<Color, PieceType[]>;
  /** Each side's lead in pawns, 0 when level or behind, e.g. `{white: 3, black: 0}`. */
  lead: Record<Color, number>;
}

const CAPTURABLE: readonly PieceType[] = ['q', 'r', 'b', 'n', 'p'];

/** The material edge of both sides, from the position alone. */
export function materialEdge(fen: string): MaterialEdge {
  const counts: Record<Color, Record<PieceType, number>> = {
    white: { k: 0, q: 0, r: 0, b: 0, n: 0, p: 0 },
    black: { k: 0, q: 0, r: 0, b: 0, n: 0, p: 0 },
  };
  for (const row of parsePlacement(fen))
    for (const square of row) if (square.piece) counts[square.piece.color][square.piece.type]++;
  const captured: Record<Color, PieceType[]> = { white: [], black: [] };
  for (const type of CAPTURABLE) {
    const difference = counts.white[type] - counts.black[type];
    const side: Color = difference > 0 ? 'white' : 'black';
    for (let n = 0; n < Math.abs(difference); n++) captured[side].push(type);
  }
  const { balance } = materialCount(fen);
  return { captured, lead: { white: Math.max(0, balance), black: Math.max(0, -balance) } };
}
