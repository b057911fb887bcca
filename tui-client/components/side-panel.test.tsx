import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { playGame } from '../../test/support/real-games.js';
import { START_FEN } from '../../shared/vocabulary.js';
import { moveListLines, SidePanel } from './side-panel.js';

describe('SidePanel captures (issue 13, terminal item 7)', () => {
  it("counts captures from the game's own start position, not from the standard one", () => {
    // Kings and a white pawn: nothing has been captured, and after Kxe2 one white pawn has.
    const { state } = playGame(['Kd2', 'Kd8'], { fen: '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1' });
    const frame = render(
      <SidePanel
        game={state}
        color="white"
        orientation="white"
        ascii={true}
        width={30}
        moveListRows={3}
        receivedAt={0}
        now={() => 0}
      />,
    ).lastFrame()!;
    const captureLines = frame.split('\n').filter((line) => line.startsWith('    '));
    expect(captureLines.join('')).not.toMatch(/[QRBNPqrbnp]/u);
    expect(frame).toMatch(/^\s+\+1$/mu);
  });
});

describe('moveListLines', () => {
  it('numbers pairs from the standard start', () => {
    expect(moveListLines(START_FEN, ['e4', 'e5', 'Nf3'], 10, 1)).toEqual([['  1. e4      e5', '  2. Nf3']]);
  });

  it('numbers from the initial position: black to move at move 12 starts "12. ..."', () => {
    const fen = 'r1bq1rk1/3nbppp/p1pp1n2/1P2p3/3PP3/1B3N1P/PP3PP1/RNBQR1K1 b - - 0 12';
    expect(moveListLines(fen, ['axb5', 'Bg5', 'Bb7'], 10, 1)).toEqual([[' 12. ...     axb5', ' 13. Bg5     Bb7']]);
  });

  it('keeps the latest pairs that fit, column by column', () => {
    const moves = ['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6'];
    expect(moveListLines(START_FEN, moves, 1, 2)).toEqual([['  2. Nf3     Nc6'], ['  3. Bb5     a6']]);
  });
});
