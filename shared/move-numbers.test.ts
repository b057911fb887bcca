import { describe, expect, it } from 'vitest';
import { moveRows, moveTokens, numberMoves, startOfNumbering } from './move-numbers.js';
import { START_FEN } from './vocabulary.js';

// Black to move at move 12: the position after 1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 4. Ba4 Nf6 5. O-O Be7 6. Re1 b5
// 7. Bb3 d6 8. c3 O-O 9. h3 Nb8 10. d4 Nbd7 11. c4 c6 12. cxb5 (Ruy Lopez, Breyer line), FEN as chess.js writes it.
const BLACK_AT_12 = 'r1bq1rk1/3nbppp/p1pp1n2/1P2p3/3PP3/1B3N1P/PP3PP1/RNBQR1K1 b - - 0 12';
// White to move at move 30: king and rook against king.
const WHITE_AT_30 = '6k1/8/8/8/8/8/8/4K2R w - - 3 30';
// Black to move at move 1: the position after 1. e4.
const BLACK_AT_1 = 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1';

describe('startOfNumbering', () => {
  it.each([
    [START_FEN, { number: 1, color: 'white' }],
    [BLACK_AT_12, { number: 12, color: 'black' }],
    [WHITE_AT_30, { number: 30, color: 'white' }],
    [BLACK_AT_1, { number: 1, color: 'black' }],
    // Unreadable or missing fullmove numbers count as 1 (as chess.js and PGN readers take them).
    ['4k3/8/8/8/8/8/8/4K3 w - - 0 0', { number: 1, color: 'white' }],
    ['4k3/8/8/8/8/8/8/4K3 b - -', { number: 1, color: 'black' }],
  ] as const)('%s starts at %o', (fen, start) => {
    expect(startOfNumbering(fen)).toEqual(start);
  });
});

describe('move numbering (PGN standard 8.2.2.2: a number before white moves, "N..." before a leading black move)', () => {
  it.each([
    ['no moves', START_FEN, [], '', []],
    [
      'the standard start',
      START_FEN,
      ['e4', 'e5', 'Nf3'],
      '1. e4 e5 2. Nf3',
      [
        { number: 1, white: 'e4', black: 'e5' },
        { number: 2, white: 'Nf3', black: null },
      ],
    ],
    [
      'black to move at move 12',
      BLACK_AT_12,
      ['axb5', 'Bg5', 'Bb7'],
      '12... axb5 13. Bg5 Bb7',
      [
        { number: 12, white: null, black: 'axb5' },
        { number: 13, white: 'Bg5', black: 'Bb7' },
      ],
    ],
    [
      'black to move at move 12, one move',
      BLACK_AT_12,
      ['axb5'],
      '12... axb5',
      [{ number: 12, white: null, black: 'axb5' }],
    ],
    [
      'white to move at move 30',
      WHITE_AT_30,
      ['Kf2', 'Kg7', 'Rg1+'],
      '30. Kf2 Kg7 31. Rg1+',
      [
        { number: 30, white: 'Kf2', black: 'Kg7' },
        { number: 31, white: 'Rg1+', black: null },
      ],
    ],
    [
      'black to move at move 1',
      BLACK_AT_1,
      ['e5', 'Nf3'],
      '1... e5 2. Nf3',
      [
        { number: 1, white: null, black: 'e5' },
        { number: 2, white: 'Nf3', black: null },
      ],
    ],
  ] as const)('%s', (_name, fen, sans, movetext, rows) => {
    expect(moveTokens(fen, sans).join(' ')).toBe(movetext);
    expect(moveRows(fen, sans)).toEqual(rows);
  });

  it('gives each half-move its number and side', () => {
    expect(numberMoves(BLACK_AT_12, ['axb5', 'Bg5'])).toEqual([
      { number: 12, color: 'black', san: 'axb5' },
      { number: 13, color: 'white', san: 'Bg5' },
    ]);
  });
});
