import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { playGame } from '../../test/support/real-games.js';
import { BoardView } from './board-view.js';

const G = '\uFE0E';

describe('BoardView', () => {
  // 1. e4 e5 2. Nf3: the last move g1-f3 is marked on both squares.
  const { state } = playGame(['e4', 'e5', 'Nf3']);

  it("draws white's side: rank 8 on top, files a..h, ranks on both sides, last move marked by a character", () => {
    const lines = render(<BoardView state={state} orientation="white" ascii={false} cellWidth={2} />)
      .lastFrame()!
      .split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe(`8 ♜${G} ♞${G} ♝${G} ♛${G} ♚${G} ♝${G} ♞${G} ♜${G}  8`);
    expect(lines[3]).toBe(`5         ♟${G}        5`);
    expect(lines[5]).toBe(`3           ♘${G}*     3`);
    expect(lines[7]).toBe(`1 ♖${G} ♘${G} ♗${G} ♕${G} ♔${G} ♗${G}  *♖${G}  1`);
    expect(lines[8]).toBe('  a b c d e f g h');
  });

  it("draws black's side: rank 1 on top, files h..a", () => {
    const lines = render(<BoardView state={state} orientation="black" ascii={true} cellWidth={2} />)
      .lastFrame()!
      .split('\n');
    expect(lines[0]).toBe('1 R .*B K Q B N R  1');
    expect(lines[5]).toBe('6 . . . . . . . .  6');
    expect(lines[7]).toBe('8 r n b k q b n r  8');
    expect(lines[8]).toBe('  h g f e d c b a');
  });

  it('marks the king in check with +, and shrinks to one column per square when asked', () => {
    const mate = playGame(['f3', 'e5', 'g4', 'Qh4']).state;
    const wide = render(<BoardView state={mate} orientation="white" ascii={true} cellWidth={2} />).lastFrame()!;
    expect(wide).toContain('1 R N B Q K+B N R  1');
    const narrow = render(<BoardView state={mate} orientation="white" ascii={true} cellWidth={1} />)
      .lastFrame()!
      .split('\n');
    expect(narrow[7]).toBe('1 RNBQKBNR 1');
    expect(narrow[8]).toBe('  abcdefgh');
  });
});
