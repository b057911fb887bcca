/**
 * The page rules derived from GameState: squares and what clicking them does, move numbering, status lines,
 * result headlines, material. States are real ones from the service (no hand-made legal move lists).
 */
import { describe, expect, it } from 'vitest';
import { ChessBoard } from '../server/domain/chess-board.js';
import type { GameState } from '../shared/api-schema.js';
import {
  boardView,
  groupMoves,
  isWaitingForOthers,
  materialEdge,
  moveRows,
  promotionChoices,
  resultHeadline,
  statusText,
  validSelection,
  type Viewer,
} from './game-view.js';

const WHITE: Viewer = { role: 'player', color: 'white' };
const BLACK: Viewer = { role: 'player', color: 'black' };
const SPECTATOR: Viewer = { role: 'spectator', orientation: 'white' };

/** A real game (the server's rules) with both seats taken, from `fen`, after `moves`; returns its state. */
function game(moves: string[] = [], fen?: string): GameState {
  const at = '2026-11-21T17:00:00.000Z';
  let initialFen: string | null = null;
  if (fen !== undefined) {
    const parsed = ChessBoard.parseStartFen(fen);
    if (!parsed.ok) throw new Error(parsed.message);
    initialFen = parsed.value;
  }
  const board = ChessBoard.create('gameview0001', at, initialFen);
  if (!board.join('alice', 'hash-w', at, 'white').ok || !board.join('bob', 'hash-b', at, 'black').ok) {
    throw new Error('join failed');
  }
  for (const move of moves) {
    const moved = board.move(board.turn, move, at);
    if (!moved.ok) throw new Error(`${move}: ${moved.message}`);
  }
  return board.state();
}

describe('boardView', () => {
  it('shows white from rank 8 down and a..h, black from rank 1 up and h..a', () => {
    const state = game();
    const white = boardView(state, WHITE, {});
    expect(white.ranks.join('')).toBe('87654321');
    expect(white.files.join('')).toBe('abcdefgh');
    expect(white.rows[0]![0]!.name).toBe('a8');
    expect(white.rows[7]![7]!.name).toBe('h1');
    const black = boardView(state, BLACK, {});
    expect(black.ranks.join('')).toBe('12345678');
    expect(black.rows[0]![0]!.name).toBe('h1');
    expect(black.rows[7]![7]!.name).toBe('a8');
    expect(boardView(state, { role: 'spectator', orientation: 'black' }, {}).rows[0]![0]!.name).toBe('h1');
  });

  it('makes only the movable pieces of the side to move into buttons, and names every square', () => {
    const state = game();
    const squares = boardView(state, WHITE, {}).rows.flat();
    const selectable = squares.filter((square) => square.action?.kind === 'select').map((square) => square.name);
    expect(selectable.sort()).toEqual(['a2', 'b1', 'b2', 'c2', 'd2', 'e2', 'f2', 'g1', 'g2', 'h2']);
    expect(squares.find((square) => square.name === 'g1')!.label).toBe('g1, white knight');
    expect(squares.find((square) => square.name === 'e4')!.label).toBe('e4, empty');
    // Not black's turn, and spectators never act.
    expect(
      boardView(state, BLACK, {})
        .rows.flat()
        .some((square) => square.action),
    ).toBe(false);
    expect(
      boardView(state, SPECTATOR, {})
        .rows.flat()
        .some((square) => square.action),
    ).toBe(false);
  });

  it('shows the selected piece, its destinations as moves, and a second press deselects it', () => {
    const state = game(['e4', 'd5']);
    const squares = boardView(state, WHITE, validSelection(state, WHITE, { from: 'e4' })).rows.flat();
    const byName = (name: string) => squares.find((square) => square.name === name)!;
    expect(byName('e4').action).toEqual({ kind: 'deselect' });
    expect(byName('e4').label).toBe('e4, white pawn, selected');
    expect(byName('d5').action).toEqual({ kind: 'move', uci: 'e4d5' });
    expect(byName('d5').label).toBe('d5, black pawn, last move, capture');
    expect(byName('e5').action).toEqual({ kind: 'move', uci: 'e4e5' });
    expect(byName('d2').action).toEqual({ kind: 'select', square: 'd2' });
  });

  it('marks the last move and the king in check in words', () => {
    const state = game(['e4', 'f5', 'Qh5+']);
    const squares = boardView(state, BLACK, {}).rows.flat();
    expect(squares.find((square) => square.name === 'e8')!.label).toBe('e8, black king, in check');
    expect(squares.find((square) => square.name === 'h5')!.label).toBe('h5, white queen, last move');
    expect(squares.find((square) => square.name === 'd1')!.label).toBe('d1, empty, last move');
  });

  it('turns a promotion destination into a question, then offers the four pieces', () => {
    const state = game([], '7k/4P3/8/8/8/8/8/4K3 w - - 0 1');
    const selection = validSelection(state, WHITE, { from: 'e7' });
    const e8 = boardView(state, WHITE, selection)
      .rows.flat()
      .find((square) => square.name === 'e8')!;
    expect(e8.action).toEqual({ kind: 'promote', from: 'e7', to: 'e8' });
    const asking = validSelection(state, WHITE, { from: 'e7', to: 'e8' });
    expect(asking).toEqual({ from: 'e7', to: 'e8' });
    expect(promotionChoices(state, asking)).toEqual(['q', 'r', 'b', 'n']);
  });
});

describe('validSelection', () => {
  it.each([
    ['a square without a movable piece', { from: 'e5' }, {}],
    ['an opponent piece', { from: 'e7' }, {}],
    ['not a square', { from: 'z9' }, {}],
    ['a "to" that is not a promotion', { from: 'e2', to: 'e4' }, { from: 'e2' }],
  ])('drops %s', (_name, selection, expected) => {
    expect(validSelection(game(), WHITE, selection)).toEqual(expected);
  });

  it("drops everything when it is not the viewer's move", () => {
    expect(validSelection(game(), BLACK, { from: 'e7' })).toEqual({});
  });
});

describe('groupMoves', () => {
  it('groups UCI moves by origin and target with promotions', () => {
    const map = groupMoves(['e2e4', 'e2e3', 'a7a8q', 'a7a8n']);
    expect([...map.get('e2')!.keys()]).toEqual(['e4', 'e3']);
    expect(map.get('a7')!.get('a8')).toEqual(['q', 'n']);
  });
});

describe('moveRows', () => {
  it('numbers moves in pairs from the standard start', () => {
    expect(moveRows(game(['e4', 'e5', 'Nf3']))).toEqual([
      { number: 1, white: 'e4', black: 'e5' },
      { number: 2, white: 'Nf3', black: null },
    ]);
  });

  it("starts with black and at the position's move number for games from a FEN", () => {
    // Black to move at move 30 (a position like the one in the FEN standard's own examples).
    const state = game(['Kg7', 'Kf2'], '7k/8/8/8/8/8/8/4K2R b - - 3 30');
    expect(moveRows(state)).toEqual([
      { number: 30, white: null, black: 'Kg7' },
      { number: 31, white: 'Kf2', black: null },
    ]);
  });
});

describe('texts', () => {
  it.each([
    [{ termination: 'checkmate', result: '0-1' }, 'Checkmate — Black wins'],
    [{ termination: 'resignation', result: '1-0' }, 'Black resigned — White wins'],
    [{ termination: 'agreement', result: '1/2-1/2' }, 'Draw by agreement'],
    [{ termination: 'threefold_repetition', result: '1/2-1/2' }, 'Draw by threefold repetition'],
    [{ termination: 'stalemate', result: '1/2-1/2' }, 'Draw by stalemate'],
    [{ termination: 'insufficient_material', result: '1/2-1/2' }, 'Draw by insufficient material'],
    [{ termination: 'aborted', result: '*' }, 'Game aborted'],
  ] as const)('headline of %o is %s', (state, headline) => {
    expect(resultHeadline(state)).toBe(headline);
  });

  it('words the status line for each viewer', () => {
    const now = new Date();
    const state = { ...game(['e4', 'f5', 'Qh5+']), updatedAt: new Date(now.getTime() - 12_000).toISOString() };
    expect(statusText(state, BLACK, now)).toBe('Check! Your move');
    expect(statusText(state, WHITE, now)).toBe('Check! Waiting for bob… (updated 12 s ago)');
    expect(statusText(state, SPECTATOR, now)).toBe('Check! Black to move (bob)');
  });

  it('waits (refreshes) only for someone else', () => {
    const state = game(['e4']);
    expect(isWaitingForOthers(state, BLACK)).toBe(false);
    expect(isWaitingForOthers(state, WHITE)).toBe(true);
    expect(isWaitingForOthers(state, SPECTATOR)).toBe(true);
    expect(isWaitingForOthers({ ...state, status: 'finished' }, WHITE)).toBe(false);
  });
});

describe('materialEdge', () => {
  it('shows what each side is up, also in positions that never had a full set', () => {
    expect(materialEdge('7k/4P3/8/8/8/8/8/4K3 w - - 0 1')).toEqual({
      captured: { white: ['p'], black: [] },
      lead: { white: 1, black: 0 },
    });
    // White took a knight, black took a pawn: white is up a knight, black a pawn, white leads by 2.
    expect(materialEdge('r1bqkbnr/pppppppp/8/8/8/8/1PPPPPPP/RNBQKBNR w KQkq - 0 1')).toEqual({
      captured: { white: ['n'], black: ['p'] },
      lead: { white: 2, black: 0 },
    });
  });
});
