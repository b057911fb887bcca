/**
 * The board as an accessible HTML table: a caption, file letters above and below, rank numbers on both sides
 * (`th scope`), and 64 cells named for screen readers ("e4, white knight, last move"). Squares that do something
 * are submit buttons of forms defined elsewhere on the page (see BOARD_FORMS), so clicking works without JavaScript.
 */
import type { LastMove } from '../../shared/api-schema.js';
import { pieceGlyph, type Piece } from '../../shared/board.js';
import type { BoardView, SquareView } from '../game-view.js';
import { sideName } from '../game-view.js';
import type { Color } from '../../shared/vocabulary.js';

/** Ids of the forms the square buttons submit: choose a piece (GET), choose a promotion square (GET), move (POST). */
export const BOARD_FORMS = { select: 'select-form', promote: 'promote-form', move: 'move-form' } as const;

export interface BoardProps {
  view: BoardView;
  lastMove: LastMove | null;
  /** The side in check, if any. */
  checked: Color | null;
  /** The square a pawn is being promoted on (the chooser is open), marked on the board. */
  promotionTarget?: string | undefined;
}

export function Board({ view, lastMove, checked, promotionTarget }: BoardProps) {
  const caption = [`Board seen from ${sideName(view.orientation)}'s side.`];
  if (lastMove) caption.push(`Last move: ${lastMove.san} (${lastMove.from} to ${lastMove.to}).`);
  if (checked) caption.push(`${sideName(checked)} is in check.`);
  if (promotionTarget) caption.push(`Promoting on ${promotionTarget}.`);
  const fileRow = (
    <tr>
      <td className="corner" />
      {view.files.map((file) => (
        <th scope="col" key={file}>
          {file}
        </th>
      ))}
      <td className="corner" />
    </tr>
  );
  return (
    <table className={`board from-${view.orientation}`}>
      <caption>{caption.join(' ')}</caption>
      <thead>{fileRow}</thead>
      <tbody>
        {view.rows.map((row, index) => (
          <tr key={view.ranks[index]}>
            <th scope="row">{view.ranks[index]}</th>
            {row.map((square) => (
              <td
                key={square.name}
                className={`${squareClasses(square)}${square.name === promotionTarget ? ' promotion-target' : ''}`}
              >
                <SquareContent square={square} />
              </td>
            ))}
            <th scope="row">{view.ranks[index]}</th>
          </tr>
        ))}
      </tbody>
      <tfoot>{fileRow}</tfoot>
    </table>
  );
}

function squareClasses(square: SquareView): string {
  const classes = ['sq', square.isLight ? 'light' : 'dark'];
  if (square.isLastMove) classes.push('last');
  if (square.isCheck) classes.push('check');
  if (square.isSelected) classes.push('selected');
  if (square.isDestination) classes.push(square.piece ? 'dest capture' : 'dest');
  if (square.action) classes.push('actionable');
  return classes.join(' ');
}

function SquareContent({ square }: { square: SquareView }) {
  const inner = (
    <>
      {square.piece ? <PieceGlyph piece={square.piece} /> : null}
      {square.isDestination && !square.piece ? (
        <span className="dot" aria-hidden="true">
          •
        </span>
      ) : null}
      {square.isCheck ? (
        <span className="check-flag" aria-hidden="true">
          +
        </span>
      ) : null}
    </>
  );
  const action = square.action;
  if (!action) {
    return (
      <span className="square" role="img" aria-label={square.label}>
        {inner}
      </span>
    );
  }
  switch (action.kind) {
    case 'select':
      return (
        <button
          className="square"
          type="submit"
          form={BOARD_FORMS.select}
          name="select"
          value={action.square}
          aria-label={square.label}
        >
          {inner}
        </button>
      );
    case 'deselect':
      // No name: submitting the selection form empty shows the page with nothing selected.
      return (
        <button
          className="square"
          type="submit"
          form={BOARD_FORMS.select}
          aria-label={square.label}
          aria-pressed="true"
        >
          {inner}
        </button>
      );
    case 'promote':
      return (
        <button
          className="square"
          type="submit"
          form={BOARD_FORMS.promote}
          name="to"
          value={action.to}
          aria-label={square.label}
        >
          {inner}
        </button>
      );
    case 'move':
      return (
        <button
          className="square"
          type="submit"
          form={BOARD_FORMS.move}
          name="move"
          value={action.uci}
          aria-label={square.label}
        >
          {inner}
        </button>
      );
  }
}

/** A piece glyph with U+FE0E; its colour and type as classes, so the stylesheet can fill white pieces. */
export function PieceGlyph({ piece }: { piece: Piece }) {
  return (
    <span className={`piece ${piece.color} ${piece.type}`} aria-hidden="true">
      {pieceGlyph(piece)}
    </span>
  );
}
