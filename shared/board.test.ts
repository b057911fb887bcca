import { describe, expect, it } from 'vitest';
import { kingSquare, materialCount, orientedRows, parsePlacement, pieceGlyph } from './board.js';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

describe('board helpers', () => {
  it('parses a placement into squares with names and colours', () => {
    const board = parsePlacement(START);
    expect(board[0]![0]).toMatchObject({ name: 'a1', piece: { color: 'white', type: 'r' }, isLight: false });
    expect(board[7]![4]).toMatchObject({ name: 'e8', piece: { color: 'black', type: 'k' } });
    expect(board[3]![4]).toMatchObject({ name: 'e4', piece: null, isLight: true });
    expect(kingSquare(board, 'white')).toBe('e1');
  });

  it('orients rows for each side', () => {
    const board = parsePlacement(START);
    expect(orientedRows(board, 'white')[0]!.map((square) => square.name)[0]).toBe('a8');
    expect(orientedRows(board, 'white')[7]![7]!.name).toBe('h1');
    expect(orientedRows(board, 'black')[0]![0]!.name).toBe('h1');
    expect(orientedRows(board, 'black')[7]![7]!.name).toBe('a8');
  });

  it('counts lost pieces and the balance (position after 1.e4 d5 2.exd5 Qxd5 3.Nc3 Qxg2)', () => {
    const { lost, balance } = materialCount('rnb1kbnr/ppp1pppp/8/8/8/2N5/PPPP1PqP/R1BQKBNR w KQkq - 0 4');
    expect(lost.white).toEqual(['p', 'p']);
    expect(lost.black).toEqual(['p']);
    expect(balance).toBe(-1);
  });

  it('writes glyphs with the text presentation selector', () => {
    expect(pieceGlyph({ color: 'black', type: 'p' })).toBe('♟\uFE0E');
  });

  it('refuses a malformed placement', () => {
    expect(() => parsePlacement('8/8/8 w - - 0 1')).toThrow(/Malformed/);
  });
});
