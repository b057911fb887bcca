/**
 * ChessBoard's rules, table-driven. Every position names where it comes from; "constructed" positions were made
 * for the one rule they exercise and are kept as small as the rule allows.
 */
import { describe, expect, it } from 'vitest';
import type { Color } from '../../shared/vocabulary.js';
import { ChessBoard, type IllegalMoveDetails } from './chess-board.js';

const T0 = '2026-11-21T17:00:00.000Z';
const T1 = '2026-11-21T17:05:00.000Z';
const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

/** A board with both seats taken, from the start or from `fen` (which must be a valid start FEN). */
function seated(fen?: string): ChessBoard {
  let initial: string | null = null;
  if (fen !== undefined) {
    const parsed = ChessBoard.parseStartFen(fen);
    if (!parsed.ok) throw new Error(`test FEN refused: ${parsed.message}`);
    initial = parsed.value;
  }
  const board = ChessBoard.create('game0001', T0, initial);
  expect(board.join('alice', 'hash-white', T0, 'white').ok).toBe(true);
  expect(board.join('bob', 'hash-black', T0, 'black').ok).toBe(true);
  return board;
}

/** Play moves for whoever is to move; each must be legal and applied. */
function play(board: ChessBoard, moves: readonly string[]): void {
  for (const move of moves) {
    const result = board.move(board.turn, move, T1);
    if (!result.ok) throw new Error(`${move} refused at ply ${board.plies}: ${result.code} ${result.message}`);
    expect(result.value.applied).toBe(true);
  }
}

/** The details an illegal move's failure carries (fails the test for any other result). */
function illegalDetails(result: { ok: boolean }): IllegalMoveDetails {
  if (result.ok || !('legalMoves' in result))
    throw new Error(`expected an illegal_move failure, got ${JSON.stringify(result)}`);
  return result as unknown as IllegalMoveDetails;
}

/** The failure code of a result, or "ok". */
function codeOf(result: { ok: true } | { ok: false; code: string }): string {
  return result.ok ? 'ok' : result.code;
}

/** Knights out and back: repeats the position every four half-moves. */
const KNIGHT_DANCE = ['g1f3', 'g8f6', 'f3g1', 'f6g8'];

describe('castling', () => {
  const rows = [
    {
      name: 'white king side',
      source: 'constructed: both sides castle-ready, back ranks clear between king and rooks',
      fen: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1',
      move: 'e1g1',
      san: 'O-O',
      fenAfter: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R4RK1 b kq - 1 1',
    },
    {
      name: 'white queen side',
      source: 'constructed: both sides castle-ready, back ranks clear between king and rooks',
      fen: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1',
      move: 'O-O-O',
      san: 'O-O-O',
      fenAfter: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/2KR3R b kq - 1 1',
    },
    {
      name: 'black king side',
      source: 'constructed: both sides castle-ready, black to move',
      fen: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R b KQkq - 0 1',
      move: '0-0',
      san: 'O-O',
      fenAfter: 'r4rk1/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQ - 1 2',
    },
    {
      name: 'black queen side',
      source: 'constructed: both sides castle-ready, black to move',
      fen: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R b KQkq - 0 1',
      move: 'e8c8',
      san: 'O-O-O',
      fenAfter: '2kr3r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQ - 1 2',
    },
  ];
  it.each(rows)('$name ($source)', ({ fen, move, san, fenAfter }) => {
    const board = seated(fen);
    play(board, [move]);
    const state = board.state();
    expect(state.fen).toBe(fenAfter);
    expect(state.moves).toEqual([san]);
    expect(state.lastMove?.san).toBe(san);
  });

  const refused = [
    {
      name: 'king side through check (f1 attacked)',
      source: 'FIDE Laws art. 3.8.2.1.2: the king may not pass a square attacked by an enemy piece; constructed',
      fen: '5rk1/8/8/8/8/8/8/4K2R w K - 0 1',
      move: 'e1g1',
    },
    {
      name: 'queen side through check (d1 attacked)',
      source: 'FIDE Laws art. 3.8.2.1.2; constructed',
      fen: '3r3k/8/8/8/8/8/8/R3K3 w Q - 0 1',
      move: 'O-O-O',
    },
    {
      name: 'out of check',
      source: 'FIDE Laws art. 3.8.2.1.1: not while the king is in check; constructed',
      fen: 'k3r3/8/8/8/8/8/8/4K2R w K - 0 1',
      move: 'e1g1',
    },
    {
      name: 'into check (g1 attacked)',
      source: 'FIDE Laws art. 3.8.2.1.2: nor onto an attacked square; constructed',
      fen: 'k5r1/8/8/8/8/8/8/4K2R w K - 0 1',
      move: 'O-O',
    },
    {
      name: 'black queen side through check (d8 attacked)',
      source: 'FIDE Laws art. 3.8.2.1.2; constructed',
      fen: 'r3k3/8/8/8/8/8/8/3R2K1 b q - 0 1',
      move: 'e8c8',
    },
  ];
  it.each(refused)('refuses $name ($source)', ({ fen, move }) => {
    const board = seated(fen);
    const before = board.state();
    const result = board.move(board.turn, move, T1);
    expect(codeOf(result)).toBe('illegal_move');
    // No castling at all is on offer (the king's ordinary steps may be).
    expect(illegalDetails(result).legalMoves.some((uci) => /^e([18])[cg]\1$/u.test(uci))).toBe(false);
    expect(board.state()).toBe(before);
  });
});

describe('en passant', () => {
  it('captures en passant in UCI and in SAN (constructed from the start: 1.e4 a6 2.e5 d5)', () => {
    for (const capture of ['e5d6', 'exd6']) {
      const board = seated();
      play(board, ['e2e4', 'a7a6', 'e4e5', 'd7d5']);
      expect(board.state().fen).toBe('rnbqkbnr/1pp1pppp/p7/3pP3/8/8/PPPP1PPP/RNBQKBNR w KQkq d6 0 3');
      expect(board.state().legalMoves).toContain('e5d6');
      play(board, [capture]);
      const state = board.state();
      expect(state.fen).toBe('rnbqkbnr/1pp1pppp/p2P4/8/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 3');
      expect(state.lastMove).toEqual({ from: 'e5', to: 'd6', san: 'exd6', uci: 'e5d6' });
    }
  });

  it('the right to capture en passant is lost after one move', () => {
    const board = seated();
    play(board, ['e2e4', 'a7a6', 'e4e5', 'd7d5', 'b1c3', 'a6a5']);
    expect(board.state().legalMoves).not.toContain('e5d6');
    expect(codeOf(board.move('white', 'e5d6', T1))).toBe('illegal_move');
  });

  it('a position where e.p. is possible is not the same position as one where it is not (FIDE Laws art. 9.2.3)', () => {
    // Source: FIDE Laws art. 9.2.3 ("positions are the same when ... the possible moves are the same"); the
    // sequence is the one chess.js's repetition tests use: the first occurrence has d6 capturable.
    const board = seated();
    play(board, ['e2e4', 'g8f6', 'e4e5', 'd7d5']); // P with e.p.: white may take on d6
    play(board, ['g1f3', 'f6g8', 'f3g1', 'g8f6']); // same placement, e.p. gone: P' (1)
    play(board, ['g1f3', 'f6g8', 'f3g1', 'g8f6']); // P' (2)
    expect(board.state().canClaimDraw).toBe(false);
    play(board, ['g1f3', 'f6g8', 'f3g1', 'g8f6']); // P' (3)
    expect(board.state().canClaimDraw).toBe(true);
  });

  it('an en passant square whose capture is illegal (pinned pawn) does not make a new position', () => {
    // Constructed: the e5 pawn is pinned to its king by the rook on e8, so after ...d5 it cannot take e.p.
    const board = seated('4r1k1/3p4/8/4P3/8/8/8/4K3 b - - 0 1');
    play(board, ['d7d5']);
    expect(board.state().legalMoves).not.toContain('e5d6');
    play(board, ['e1d1', 'g8h8', 'd1e1', 'h8g8']);
    expect(board.state().canClaimDraw).toBe(false);
    play(board, ['e1d1', 'g8h8', 'd1e1', 'h8g8']);
    expect(board.state().canClaimDraw).toBe(true);
  });
});

describe('promotion', () => {
  // Constructed: a white pawn on e7 and a capture target on d8; black's h-pawn keeps mating material on the board.
  const fen = '3r4/4P2p/8/8/8/8/k7/4K3 w - - 0 1';
  const rows = [
    { input: 'e7e8q', uci: 'e7e8q', san: 'e8=Q', piece: 'Q' },
    { input: 'e7e8r', uci: 'e7e8r', san: 'e8=R', piece: 'R' },
    { input: 'e7e8b', uci: 'e7e8b', san: 'e8=B', piece: 'B' },
    { input: 'e7e8n', uci: 'e7e8n', san: 'e8=N', piece: 'N' },
    { input: 'e8=Q', uci: 'e7e8q', san: 'e8=Q', piece: 'Q' },
    { input: 'e8N', uci: 'e7e8n', san: 'e8=N', piece: 'N' },
    { input: 'exd8=R', uci: 'e7d8r', san: 'exd8=R', piece: 'R' },
    { input: 'e7d8q', uci: 'e7d8q', san: 'exd8=Q', piece: 'Q' },
  ];
  it.each(rows)('$input promotes to $piece ($uci, $san) — constructed', ({ input, uci, san, piece }) => {
    const board = seated(fen);
    play(board, [input]);
    const state = board.state();
    expect(state.uci).toEqual([uci]);
    expect(state.moves).toEqual([san]);
    const rank8 = state.fen.split('/')[0]!;
    const file = uci[2] === 'e' ? 4 : 3;
    expect(expandRank(rank8)[file]).toBe(piece);
    expect(state.status).toBe('active');
  });

  it('a pawn move to the last rank without a piece is illegal', () => {
    const board = seated(fen);
    const result = board.move('white', 'e7e8', T1);
    expect(codeOf(result)).toBe('illegal_move');
    expect(illegalDetails(result).legalMoves).toEqual(expect.arrayContaining(['e7e8q', 'e7e8r', 'e7e8b', 'e7e8n']));
  });
});

function expandRank(rank: string): string[] {
  return [...rank].flatMap((char) => (/\d/u.test(char) ? Array<string>(Number(char)).fill('.') : [char]));
}

describe('games that end by themselves', () => {
  const rows: {
    name: string;
    source: string;
    fen?: string;
    moves: string[];
    result: string;
    termination: string;
    winner: Color | null;
  }[] = [
    {
      name: "Scholar's mate",
      source: "Scholar's mate, standard opening trap",
      moves: ['e4', 'e5', 'Qh5', 'Nc6', 'Bc4', 'Nf6', 'Qxf7#'],
      result: '1-0',
      termination: 'checkmate',
      winner: 'white',
    },
    {
      name: "Fool's mate",
      source: "Fool's mate, the shortest possible checkmate",
      moves: ['f2f3', 'e7e5', 'g2g4', 'd8h4'],
      result: '0-1',
      termination: 'checkmate',
      winner: 'black',
    },
    {
      name: 'back-rank mate',
      source: 'constructed: back-rank mate, king boxed in by its own pawns',
      fen: '6k1/5ppp/8/8/8/8/8/R3K3 w - - 0 1',
      moves: ['Ra8#'],
      result: '1-0',
      termination: 'checkmate',
      winner: 'white',
    },
    {
      name: 'stalemate',
      source: 'constructed: the textbook K+Q v K stalemate (Qg6 takes g7, g8 and h7 with the king on f7)',
      fen: '7k/5K2/8/6Q1/8/8/8/8 w - - 0 1',
      moves: ['g5g6'],
      result: '1/2-1/2',
      termination: 'stalemate',
      winner: null,
    },
    {
      name: 'K v K',
      source: 'FIDE Laws art. 9.6 / 5.2.2: no series of legal moves can mate; constructed',
      fen: '4k3/8/8/8/8/8/3p4/4K3 w - - 0 1',
      moves: ['Kxd2'],
      result: '1/2-1/2',
      termination: 'insufficient_material',
      winner: null,
    },
    {
      name: 'KB v K',
      source: 'FIDE Laws art. 5.2.2; constructed',
      fen: '4k3/8/8/8/8/8/3p4/4KB2 w - - 0 1',
      moves: ['e1d2'],
      result: '1/2-1/2',
      termination: 'insufficient_material',
      winner: null,
    },
    {
      name: 'KN v K',
      source: 'FIDE Laws art. 5.2.2; constructed',
      fen: '4k3/8/8/8/8/8/3p4/4KN2 w - - 0 1',
      moves: ['e1d2'],
      result: '1/2-1/2',
      termination: 'insufficient_material',
      winner: null,
    },
    {
      name: 'KB v KB, bishops on the same colour',
      source: 'chess.js isInsufficientMaterial tests (bishops on one colour); constructed: f1 and c8 are light',
      fen: '2b1k3/8/8/8/8/8/3p4/4KB2 w - - 0 1',
      moves: ['e1d2'],
      result: '1/2-1/2',
      termination: 'insufficient_material',
      winner: null,
    },
    {
      name: 'fivefold repetition',
      source: 'FIDE Laws art. 9.6.1: the same position five times ends the game; constructed from the start',
      moves: [...KNIGHT_DANCE, ...KNIGHT_DANCE, ...KNIGHT_DANCE, ...KNIGHT_DANCE],
      result: '1/2-1/2',
      termination: 'fivefold_repetition',
      winner: null,
    },
    {
      name: '75-move rule',
      source: 'FIDE Laws art. 9.6.2: 75 moves each without capture or pawn move; constructed, halfmove clock 149',
      fen: '4k3/8/8/8/8/8/8/R3K3 w - - 149 80',
      moves: ['Ra2'],
      result: '1/2-1/2',
      termination: 'seventy_five_move_rule',
      winner: null,
    },
    {
      name: 'mate on the 150th half-move',
      source: 'FIDE Laws art. 9.6.2: a checkmate on that move takes precedence; constructed',
      fen: '6k1/5ppp/8/8/8/8/8/R3K3 w - - 149 80',
      moves: ['a1a8'],
      result: '1-0',
      termination: 'checkmate',
      winner: 'white',
    },
  ];
  it.each(rows)('$name ($source)', ({ fen, moves, result, termination, winner }) => {
    const board = seated(fen);
    play(board, moves.slice(0, -1));
    expect(board.state().status).toBe('active');
    play(board, moves.slice(-1));
    const state = board.state();
    expect({
      status: state.status,
      result: state.result,
      termination: state.termination,
      winner: state.winner,
    }).toEqual({ status: 'finished', result, termination, winner });
    expect(state.legalMoves).toEqual([]);
    expect(state.canClaimDraw).toBe(false);
    expect(codeOf(board.move(board.turn, state.uci.length ? 'a1a1' : 'e4', T1))).toBe('game_over');
  });

  it('check and checkmate are reported in the state', () => {
    const board = seated();
    play(board, ['e4', 'e5', 'Qh5', 'Nc6', 'Bc4', 'Nf6']);
    expect(board.state().check).toBe(false);
    play(board, ['Qxf7#']);
    expect(board.state().check).toBe(true);
    expect(board.state().moves.at(-1)).toBe('Qxf7#');
  });

  it('KB v KB with bishops on opposite colours goes on (mate is still possible)', () => {
    // Constructed: the black bishop on d8 stands on a dark square, the white one on f1 on a light one.
    const board = seated('3bk3/8/8/8/8/8/3p4/4KB2 w - - 0 1');
    play(board, ['e1d2']);
    expect(board.state().status).toBe('active');
  });

  it('a pawn move on the 150th half-move resets the clock instead of ending the game', () => {
    // Constructed: FIDE Laws art. 9.3 count restarts on a pawn move.
    const board = seated('4k3/8/8/8/8/8/4P3/R3K3 w - - 149 80');
    play(board, ['e2e4']);
    expect(board.state().status).toBe('active');
    expect(board.state().fen.split(' ')[4]).toBe('0');
  });

  it('four repetitions do not end the game yet', () => {
    const board = seated();
    play(board, [...KNIGHT_DANCE, ...KNIGHT_DANCE, ...KNIGHT_DANCE]);
    expect(board.state().status).toBe('active');
    expect(board.state().canClaimDraw).toBe(true);
  });
});

describe('draw claims: threefold repetition and the fifty-move rule', () => {
  const claimable = [
    {
      name: 'threefold repetition',
      source: 'FIDE Laws art. 9.2: the start position a third time after two knight round trips; constructed',
      moves: [...KNIGHT_DANCE, ...KNIGHT_DANCE],
      termination: 'threefold_repetition',
      other: 'e2e4',
    },
    {
      name: 'fifty-move rule',
      source: 'FIDE Laws art. 9.3: halfmove clock 99, then a quiet move; constructed',
      fen: '4k3/8/8/8/8/8/8/R3K3 w - - 99 80',
      moves: ['Ra2'],
      termination: 'fifty_move_rule',
      other: 'e8d8',
    },
  ];

  it.each(claimable)('$name: canClaimDraw, the game goes on without a claim ($source)', ({ fen, moves, other }) => {
    const board = seated(fen);
    play(board, moves);
    expect(board.state().canClaimDraw).toBe(true);
    expect(board.state().status).toBe('active');
    play(board, [other]);
    expect(board.state().status).toBe('active');
  });

  it.each(claimable)('$name: the side to move claims and the game ends ($source)', ({ fen, moves, termination }) => {
    const board = seated(fen);
    play(board, moves);
    const mover = board.turn;
    const idle: Color = mover === 'white' ? 'black' : 'white';
    expect(codeOf(board.draw(idle, 'claim', T1))).toBe('not_your_turn');
    const version = board.version;
    expect(codeOf(board.draw(mover, 'claim', T1))).toBe('ok');
    const state = board.state();
    expect(state.version).toBe(version + 1);
    expect({
      status: state.status,
      result: state.result,
      termination: state.termination,
      winner: state.winner,
    }).toEqual({ status: 'finished', result: '1/2-1/2', termination, winner: null });
    expect(state.canClaimDraw).toBe(false);
  });

  it('a claim when nothing is claimable is refused with draw_not_claimable', () => {
    const board = seated();
    play(board, KNIGHT_DANCE); // the start position twice: not yet three times
    const before = board.state();
    expect(before.canClaimDraw).toBe(false);
    expect(codeOf(board.draw('white', 'claim', T1))).toBe('draw_not_claimable');
    expect(board.state()).toBe(before);
  });

  it('a FEN whose halfmove clock is already 100 may be claimed at once (constructed)', () => {
    const board = seated('4k3/8/8/8/8/8/8/R3K3 w - - 100 80');
    expect(board.state().canClaimDraw).toBe(true);
  });
});

describe('resign, draw offers, abort', () => {
  it('resign: the opponent wins', () => {
    for (const [color, result, winner] of [
      ['white', '0-1', 'black'],
      ['black', '1-0', 'white'],
    ] as const) {
      const board = seated();
      play(board, ['e4']);
      expect(codeOf(board.resign(color, T1))).toBe('ok');
      expect(board.state()).toMatchObject({ status: 'finished', result, termination: 'resignation', winner });
      expect(codeOf(board.resign(color, T1))).toBe('game_over');
    }
  });

  it('resign and draw before the second player arrives are game_not_started', () => {
    const board = ChessBoard.create('game0002', T0);
    board.join('alice', 'hash-white', T0);
    expect(codeOf(board.resign('white', T1))).toBe('game_not_started');
    expect(codeOf(board.draw('white', 'offer', T1))).toBe('game_not_started');
    expect(codeOf(board.move('white', 'e4', T1))).toBe('game_not_started');
  });

  it('offer, decline, offer again, accept', () => {
    const board = seated();
    let version = board.version;
    expect(codeOf(board.draw('white', 'offer', T1))).toBe('ok');
    expect(board.state()).toMatchObject({ drawOffer: 'white', version: ++version });
    expect(codeOf(board.draw('white', 'offer', T1))).toBe('ok'); // already open: nothing changes
    expect(board.version).toBe(version);
    expect(codeOf(board.draw('white', 'accept', T1))).toBe('no_draw_offer'); // own offer
    expect(codeOf(board.draw('black', 'decline', T1))).toBe('ok');
    expect(board.state()).toMatchObject({ drawOffer: null, version: ++version, status: 'active' });
    expect(codeOf(board.draw('black', 'decline', T1))).toBe('no_draw_offer');
    expect(codeOf(board.draw('black', 'accept', T1))).toBe('no_draw_offer');
    expect(codeOf(board.draw('white', 'offer', T1))).toBe('ok');
    expect(codeOf(board.draw('black', 'accept', T1))).toBe('ok');
    expect(board.state()).toMatchObject({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'agreement',
      winner: null,
      drawOffer: null,
      version: version + 2,
    });
  });

  it('offering back an open offer is agreement', () => {
    const board = seated();
    board.draw('black', 'offer', T1);
    board.draw('white', 'offer', T1);
    expect(board.state()).toMatchObject({ termination: 'agreement', result: '1/2-1/2' });
  });

  it('the offer stands while the offering side moves, and is cleared when the offered side moves instead', () => {
    const board = seated();
    board.draw('white', 'offer', T1);
    play(board, ['e4']); // white moves after offering: the offer stands for black to answer
    expect(board.state().drawOffer).toBe('white');
    play(board, ['e5']); // black moves instead of answering: declined
    expect(board.state().drawOffer).toBe(null);
    expect(codeOf(board.draw('black', 'accept', T1))).toBe('no_draw_offer');
  });

  it('abort is allowed until both sides have moved, then refused with cannot_abort', () => {
    const waiting = ChessBoard.create('game0003', T0);
    waiting.join('alice', 'hash-white', T0);
    expect(codeOf(waiting.abort('white', T1))).toBe('ok');
    expect(waiting.state()).toMatchObject({ status: 'finished', result: '*', termination: 'aborted', winner: null });

    const fresh = seated();
    expect(codeOf(fresh.abort('black', T1))).toBe('ok');
    expect(fresh.state()).toMatchObject({ status: 'finished', result: '*', termination: 'aborted' });
    expect(codeOf(fresh.abort('white', T1))).toBe('game_over');

    const oneMove = seated();
    play(oneMove, ['e4']);
    expect(codeOf(oneMove.abort('white', T1))).toBe('ok');

    const twoMoves = seated();
    play(twoMoves, ['e4', 'e5']);
    const before = twoMoves.state();
    expect(codeOf(twoMoves.abort('white', T1))).toBe('cannot_abort');
    expect(codeOf(twoMoves.abort('black', T1))).toBe('cannot_abort');
    expect(twoMoves.state()).toBe(before);
  });
});

describe('seats', () => {
  it('join takes the asked colour or the free one, and refuses taken colours and full games', () => {
    const board = ChessBoard.create('game0004', T0);
    expect(board.state().status).toBe('waiting');
    expect(board.join('bob', 'h1', T0, 'black')).toEqual({ ok: true, value: 'black' });
    expect(codeOf(board.join('carol', 'h2', T0, 'black'))).toBe('color_taken');
    expect(board.join('alice', 'h3', T0)).toEqual({ ok: true, value: 'white' });
    expect(board.state().status).toBe('active');
    expect(codeOf(board.join('dave', 'h4', T0))).toBe('game_full');
    expect(board.state().players).toEqual({ white: { name: 'alice' }, black: { name: 'bob' } });
  });
});

describe('moves: turn, legality and the ply guard', () => {
  it('refuses the side not to move and illegal moves, with the legal moves and a suggestion', () => {
    const board = seated();
    expect(codeOf(board.move('black', 'e5', T1))).toBe('not_your_turn');
    const refused = board.move('white', 'e2e5', T1);
    expect(codeOf(refused)).toBe('illegal_move');
    const details = illegalDetails(refused);
    expect(new Set(details.legalMoves)).toEqual(new Set(board.state().legalMoves));
    expect(details.legalMoves).toHaveLength(20);
    expect(codeOf(board.move('white', 'Nf4', T1))).toBe('illegal_move');
    expect(codeOf(board.move('white', 'e2e4x', T1))).toBe('illegal_move');
    expect(codeOf(board.move('white', '', T1))).toBe('illegal_move');
    expect(board.version).toBe(2);
  });

  it('a move with the current ply is applied; a stale or future ply is stale_ply', () => {
    const board = seated();
    expect(codeOf(board.move('white', 'e4', T1, 0))).toBe('ok');
    expect(codeOf(board.move('black', 'e5', T1, 0))).toBe('stale_ply');
    expect(codeOf(board.move('black', 'e5', T1, 2))).toBe('stale_ply');
    expect(codeOf(board.move('black', 'e5', T1, 1))).toBe('ok');
    expect(board.plies).toBe(2);
  });

  it("the player's own retry (same ply, same text) answers ok without applying anything", () => {
    const board = seated();
    expect(board.move('white', 'e4', T1, 0)).toEqual({ ok: true, value: { applied: true } });
    const version = board.version;
    expect(board.move('white', 'e4', T1, 0)).toEqual({ ok: true, value: { applied: false } });
    expect(board.version).toBe(version);
    play(board, ['e5']);
    // Still a retry after the opponent answered; a different move at that ply is stale, not a retry.
    expect(board.move('white', 'e4', T1, 0)).toEqual({ ok: true, value: { applied: false } });
    expect(codeOf(board.move('white', 'd4', T1, 0))).toBe('stale_ply');
    // The opponent naming white's move at ply 0 is not its own retry.
    expect(codeOf(board.move('black', 'e4', T1, 0))).toBe('stale_ply');
    expect(board.state().moves).toEqual(['e4', 'e5']);
  });

  it('the retry of a mating move answers ok after the game ended', () => {
    const board = seated();
    play(board, ['f3', 'e5', 'g4']);
    expect(codeOf(board.move('black', 'Qh4#', T1, 3))).toBe('ok');
    expect(board.state().termination).toBe('checkmate');
    expect(board.move('black', 'Qh4#', T1, 3)).toEqual({ ok: true, value: { applied: false } });
    expect(codeOf(board.move('white', 'a3', T1, 4))).toBe('game_over');
  });

  it('in a game from a FEN with black to move, ply 0 is black', () => {
    const board = seated('r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R b KQkq - 0 1');
    expect(codeOf(board.move('black', 'a6', T1, 0))).toBe('ok');
    expect(board.move('black', 'a6', T1, 0)).toEqual({ ok: true, value: { applied: false } });
    expect(codeOf(board.move('white', 'a6', T1, 0))).toBe('stale_ply');
  });
});

describe('version', () => {
  it('grows by exactly one per change and not at all on a refusal or a no-op', () => {
    const board = ChessBoard.create('game0005', T0);
    const versions: number[] = [board.version];
    const step = (change: () => unknown) => {
      change();
      versions.push(board.version);
    };
    step(() => board.join('alice', 'h1', T0)); // +1
    step(() => board.move('white', 'e4', T1)); // refused: waiting
    step(() => board.join('bob', 'h2', T0)); // +1
    step(() => board.move('white', 'e4', T1, 0)); // +1
    step(() => board.move('white', 'e4', T1, 0)); // retry: 0
    step(() => board.move('white', 'd4', T1)); // not your turn: 0
    step(() => board.move('black', 'e4e5', T1)); // illegal: 0
    step(() => board.draw('black', 'offer', T1)); // +1
    step(() => board.draw('black', 'offer', T1)); // already open: 0
    step(() => board.draw('white', 'decline', T1)); // +1
    step(() => board.draw('white', 'claim', T1)); // not to move: 0
    step(() => board.move('black', 'e5', T1)); // +1
    step(() => board.abort('white', T1)); // cannot abort: 0
    step(() => board.resign('black', T1)); // +1
    step(() => board.resign('white', T1)); // over: 0
    expect(versions).toEqual([0, 1, 1, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7]);
    expect(board.state().updatedAt).toBe(T1);
    expect(board.state().createdAt).toBe(T0);
  });
});

describe('records', () => {
  const boards: [string, () => ChessBoard][] = [
    [
      'a fresh game with one seat',
      () => {
        const board = ChessBoard.create('game0006', T0);
        board.join('alice', 'h1', T0, 'black');
        return board;
      },
    ],
    [
      'a game mid-repetition (claimable)',
      () => {
        const board = seated();
        play(board, [...KNIGHT_DANCE, ...KNIGHT_DANCE]);
        return board;
      },
    ],
    [
      'a game with an open draw offer and e.p. available',
      () => {
        const board = seated();
        play(board, ['e4', 'a6', 'e5', 'd5']);
        board.draw('black', 'offer', T1);
        return board;
      },
    ],
    [
      'a finished game from a FEN',
      () => {
        const board = seated('6k1/5ppp/8/8/8/8/8/R3K3 w - - 0 1');
        play(board, ['Ra8#']);
        return board;
      },
    ],
  ];
  it.each(boards)('fromRecord(toRecord()) rebuilds %s with an identical state', (_name, make) => {
    const board = make();
    const copy = ChessBoard.fromRecord(board.toRecord());
    expect(copy.state()).toEqual(board.state());
    expect(copy.toRecord()).toEqual(board.toRecord());
    expect(copy.seatTokenHash('white')).toBe(board.seatTokenHash('white'));
  });

  it('a rebuilt board keeps counting repetitions where the original stopped', () => {
    const board = seated();
    play(board, [...KNIGHT_DANCE, ...KNIGHT_DANCE, ...KNIGHT_DANCE]);
    const copy = ChessBoard.fromRecord(board.toRecord());
    play(copy, KNIGHT_DANCE);
    expect(copy.state().termination).toBe('fivefold_repetition');
  });

  it('the record is a copy: changing it does not change the board', () => {
    const board = seated();
    const record = board.toRecord();
    record.moves.push({ uci: 'e2e4', san: 'e4', at: T1 });
    expect(board.plies).toBe(0);
  });

  it('a record with an illegal move is a bug and throws', () => {
    const record = seated().toRecord();
    record.moves.push({ uci: 'e2e5', san: 'e5', at: T1 });
    expect(() => ChessBoard.fromRecord(record)).toThrow(/not legal/u);
  });
});

describe('parseStartFen', () => {
  const rejected = [
    { fen: 'garbage', source: 'not a FEN at all' },
    { fen: '', source: 'empty' },
    { fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0', source: 'five fields' },
    { fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR x KQkq - 0 1', source: 'bad side to move' },
    { fen: 'rnbqkbnr/pppppppp/9/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1', source: 'a rank of nine squares' },
    { fen: '8/8/8/8/8/8/8/K7 w - - 0 1', source: 'constructed: missing black king' },
    { fen: 'k7/8/8/8/8/8/8/KK6 w - - 0 1', source: 'constructed: two white kings' },
    { fen: 'P3k3/8/8/8/8/8/8/4K3 w - - 0 1', source: 'constructed: a pawn on the last rank' },
    {
      fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq e3 0 1',
      source: 'constructed: e.p. square with no pawn',
    },
    { fen: '7k/5Q2/6K1/8/8/8/8/8 b - - 0 1', source: 'constructed: black already stalemated' },
    { fen: 'R6k/8/6K1/8/8/8/8/8 b - - 0 1', source: 'constructed: black already mated' },
    {
      fen: 'rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3',
      source: "Fool's mate, final position: white is mated",
    },
    { fen: '4k3/8/8/8/8/8/8/4K3 w - - 0 1', source: 'constructed: K v K, already a draw' },
    { fen: '4k3/8/8/8/8/8/8/4K2R w K - 150 80', source: 'constructed: halfmove clock already 150' },
    { fen: '4k3/8/8/8/8/8/4R3/4K3 w - - 0 1', source: 'constructed: the side not to move is in check' },
    { fen: '4k3/8/8/8/8/8/8/R3K3 w KQ - 0 1', source: 'constructed: king-side right with no rook on h1' },
    { fen: '4k3/8/8/8/8/8/8/R2K3R w KQ - 0 1', source: 'constructed: castling rights with the king off e1' },
  ];
  it.each(rejected)('rejects "$fen" ($source) with invalid_fen', ({ fen }) => {
    const parsed = ChessBoard.parseStartFen(fen);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.code).toBe('invalid_fen');
    expect(parsed.message).toMatch(/\.$/u);
    expect(parsed.message).not.toMatch(/Invalid FEN: Invalid FEN/u);
  });

  const accepted = [
    { fen: START, normalized: START, source: 'the standard start' },
    {
      fen: '  r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R   w KQkq - 0 1 ',
      normalized: 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1',
      source: 'constructed: extra spaces',
    },
    {
      fen: '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
      normalized: '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
      source: 'chess.js perft suite, position 3 (chessprogramming.org)',
    },
    {
      fen: '4k3/8/8/8/8/8/8/4K2R w K - 149 80',
      normalized: '4k3/8/8/8/8/8/8/4K2R w K - 149 80',
      source: 'constructed: halfmove clock 149 is still playable',
    },
  ];
  it.each(accepted)('accepts $source', ({ fen, normalized }) => {
    expect(ChessBoard.parseStartFen(fen)).toEqual({ ok: true, value: normalized });
  });

  it('a game created from the standard start FEN is a standard game', () => {
    const board = ChessBoard.create('game0007', T0, START);
    expect(board.toRecord().initialFen).toBe(null);
    expect(board.initialFen()).toBe(START);
  });
});

describe('legal moves', () => {
  const rows = [
    { source: 'the standard start', fen: START, count: 20 },
    {
      source: 'chess.js perft suite, "Kiwipete" (chessprogramming.org perft position 2)',
      fen: 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
      count: 48,
    },
    { source: 'chess.js perft suite, position 3', fen: '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1', count: 14 },
    {
      source: 'chessprogramming.org perft position 4',
      fen: 'r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1',
      count: 6,
    },
    {
      source: 'chessprogramming.org perft position 5',
      fen: 'rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8',
      count: 44,
    },
  ];
  it.each(rows)('lists $count distinct UCI moves in $source', ({ fen, count }) => {
    const board = seated(fen);
    const legal = board.state().legalMoves;
    expect(legal).toHaveLength(count);
    expect(new Set(legal).size).toBe(count);
    for (const uci of legal) expect(uci).toMatch(/^[a-h][1-8][a-h][1-8][qrbn]?$/u);
  });

  it('castling appears in the list as king moves (Kiwipete)', () => {
    const board = seated('r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1');
    expect(board.state().legalMoves).toEqual(expect.arrayContaining(['e1g1', 'e1c1']));
  });
});

describe('catchUp: a cached board brought up to a newer record equals one rebuilt from it', () => {
  /** Every record a game goes through: random legal moves (seeded), a draw offer and its refusal on the way. */
  function history(seed: number): ReturnType<ChessBoard['recordView']>[] {
    let state = seed;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const board = ChessBoard.create('game0002', T0, null, null, {
      timeControl: { type: 'realtime', initialSeconds: 300, incrementSeconds: 3 },
      firstMoveMs: 30_000,
    });
    const records = [structuredClone(board.recordView())];
    const keep = () => {
      board.takeChange();
      records.push(structuredClone(board.recordView()));
    };
    board.join('alice', 'hash-white', T0, 'white');
    keep();
    board.join('bob', 'hash-black', T0, 'black');
    keep();
    for (let ply = 0; ply < 40 && board.status === 'active'; ply++) {
      const now = new Date(Date.parse(T0) + (ply + 1) * 1000).toISOString();
      if (ply === 7) {
        board.draw(board.turn, 'offer', now);
        keep();
        board.draw(board.turn, 'decline', now);
        keep();
      }
      const legal = board.state().legalMoves;
      const move = legal[Math.floor(next() * legal.length)]!;
      expect(board.move(board.turn, move, now).ok).toBe(true);
      keep();
    }
    return records;
  }

  it('for every pair of versions of three random games', () => {
    for (const seed of [1, 7, 42]) {
      const records = history(seed);
      for (let from = 0; from < records.length; from += 3) {
        for (let to = from; to < records.length; to += 5) {
          const board = ChessBoard.fromRecord(records[from]!);
          expect(board.catchUp(records[to]!)).toBe(true);
          const rebuilt = ChessBoard.fromRecord(records[to]!);
          expect(board.state()).toEqual(rebuilt.state());
          expect(board.recordView()).toEqual(rebuilt.recordView());
          expect(board.dueAt()).toBe(rebuilt.dueAt());
        }
      }
    }
  });

  it('refuses, changing nothing, an older record, another line of moves, or a board with a change pending', () => {
    const records = history(3);
    const board = ChessBoard.fromRecord(records[10]!);
    const before = board.state();
    expect(board.catchUp(records[5]!)).toBe(false);
    const otherLine = history(4);
    expect(board.catchUp(otherLine[12]!)).toBe(false);
    expect(board.state()).toEqual(before);
    const busy = ChessBoard.fromRecord(records[10]!);
    expect(busy.move(busy.turn, busy.state().legalMoves[0]!, T1).ok).toBe(true);
    expect(busy.catchUp(records[12]!)).toBe(false);
  });
});
