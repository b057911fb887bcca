import { describe, expect, it } from 'vitest';
import { ChessBoard } from './chess-board.js';
import { ChessPosition } from './chess-position.js';
import { illegalReason } from './illegal-reason.js';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';
/** 1.e4 e5 2.Nc3 Bb4 3.d3: the knight on c3 is pinned to the king on e1 (d2 is empty). */
const PINNED_KNIGHT = 'rnbqk1nr/pppp1ppp/8/4p3/1b2P3/2NP4/PPP2PPP/R1BQKBNR w KQkq - 1 3';
/** White king on e1 in check from a bishop on b4; the a2 pawn cannot help. */
const IN_CHECK = 'rnbqk1nr/pppp1ppp/8/4p3/1b6/4P3/PPP2PPP/RNBQKBNR w KQkq - 1 3';
/** Castling rights gone for white (KQ missing), squares clear. */
const NO_RIGHTS = 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w kq - 0 1';
/** Kingside castling through f1, which a bishop on c4 attacks. */
const THROUGH_CHECK = 'rn1qk2r/pppppppp/8/8/2b5/8/PPPP3P/RNBQK2R w KQkq - 0 1';
/** A white pawn on e7 ready to promote, kings apart. */
const PROMOTE = '8/4P3/8/8/8/8/k7/4K3 w - - 0 1';
/** Two white knights (b1, f3) that can both go to d2. */
const TWO_KNIGHTS = 'rnbqkbnr/pppppppp/8/8/8/5N2/PPP1PPPP/RNBQKB1R w KQkq - 0 1';

describe('illegalReason: why a typed move is illegal', () => {
  it.each([
    // [position, typed, code, words in the sentence]
    [START, 'e3e4', 'no_piece', 'There is no piece on e3'],
    [START, 'e7e5', 'no_piece', 'not yours'],
    [START, 'Qh5', 'blocked', 'queen on d1 is blocked by the white pawn on e2'],
    [START, 'Bc4', 'blocked', 'bishop on f1 is blocked by the white pawn on e2'],
    [START, 'Ke2', 'occupied', 'Your own pawn stands on e2'],
    [START, 'e5', 'cannot_reach', 'one square forward (two from its start)'],
    [START, 'e2e5', 'cannot_reach', 'one square forward (two from its start)'],
    [START, 'Ng3', 'cannot_reach', 'None of your knights can reach g3'],
    [START, 'exd3', 'cannot_reach', 'nothing to capture on d3'],
    [START, 'Rb2', 'occupied', 'Your own pawn stands on b2'],
    [START, 'O-O', 'blocked', 'f1, g1 empty'],
    [START, 'E5', 'cannot_reach', 'one square forward'],
    [START, 'NF4', 'cannot_reach', 'None of your knights can reach f4'],
    [START, 'zz9', 'no_such_move', 'not a move in any notation'],
    [PINNED_KNIGHT, 'Nd5', 'pinned', 'knight on c3 is pinned'],
    [IN_CHECK, 'a3', 'in_check', 'does not answer it'],
    [IN_CHECK, 'O-O', 'in_check', 'out of check'],
    [NO_RIGHTS, 'O-O', 'castling', 'no longer castle kingside'],
    [NO_RIGHTS, 'e1c1', 'castling', 'no longer castle queenside'],
    [THROUGH_CHECK, 'O-O', 'castling', 'f1, which is attacked'],
    [PROMOTE, 'e8', 'promotion', 'e8=Q'],
    [PROMOTE, 'e7e8', 'promotion', 'e8=Q'],
    [PROMOTE, 'Kd3', 'cannot_reach', 'one square at a time'],
    [TWO_KNIGHTS, 'Nd2', 'ambiguous', 'Nbd2'],
    [START, 'Nxf3', 'notation', 'Nf3 (g1f3)'],
  ])('%s: %s is %s', (fen, typed, code, words) => {
    const why = illegalReason(new ChessPosition(fen), typed);
    expect(why.code).toBe(code);
    expect(why.text).toContain(words);
  });

  it('a king stepping into check says so', () => {
    // Black rook on f8 covers f1... from f8 down the open f-file.
    const why = illegalReason(new ChessPosition('5r1k/8/8/8/8/8/8/4K3 w - - 0 1'), 'Kf1');
    expect(why).toEqual({ code: 'into_check', text: 'Your king would be in check on f1.' });
  });

  it("is the illegal_move failure's reason, in its details and its message", () => {
    const board = ChessBoard.create('g1', '2026-01-01T00:00:00.000Z');
    board.join('a', 'ha', '2026-01-01T00:00:00.000Z', 'white');
    board.join('b', 'hb', '2026-01-01T00:00:00.000Z', 'black');
    const refused = board.move('white', 'Bc4', '2026-01-01T00:00:01.000Z');
    expect(refused.ok).toBe(false);
    if (refused.ok || refused.code !== 'illegal_move' || !('reason' in refused)) throw new Error('expected illegal');
    expect(refused.reason).toBe('blocked');
    expect(refused.message).toBe(
      '"Bc4" is not a legal move for white in this position. The bishop on f1 is blocked by the white pawn on e2.',
    );
  });
});
