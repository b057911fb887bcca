/**
 * One player's strip beside the board: colour, name, "you", whose turn it is (in words, not only a dot), the
 * captured pieces this player is up and the material lead, and in a timed game the clock with its deadline.
 */
import type { GameState } from '../../shared/api-schema.js';
import { PIECE_NAMES, pieceGlyph } from '../../shared/board.js';
import { opponentOf, type Color } from '../../shared/vocabulary.js';
import type { ClockPanelView } from '../clock-view.js';
import { materialEdge, sideName } from '../game-view.js';
import { Name } from './names.js';
import { FirstMoveDeadline, MoveByDeadline, SideClock } from './clock.js';

export interface PlayerBarProps {
  state: GameState;
  color: Color;
  isYou: boolean;
  position: 'top' | 'bottom';
  /** The clocks of a timed game (clock-view.ts); null when untimed. */
  clocks?: ClockPanelView | null | undefined;
}

export function PlayerBar({ state, color, isYou, position, clocks }: PlayerBarProps) {
  const player = state.players[color];
  const { captured, lead } = materialEdge(state.fen);
  const toMove = state.status === 'active' && state.turn === color;
  const clock = clocks?.sides[color];
  const firstMove = clocks?.firstMove?.color === color ? clocks.firstMove : null;
  const moveBy = clocks?.moveBy?.color === color ? clocks.moveBy : null;
  const taken = captured[color];
  const takenNames =
    taken.length > 0
      ? `up ${taken.map((type) => PIECE_NAMES[type]).join(', ')}${lead[color] > 0 ? `, +${lead[color]} in material` : ''}`
      : 'no material edge';
  return (
    <div className={`player-bar ${position} ${color}${toMove ? ' to-move' : ''}${clock ? ' timed' : ''}`}>
      <span className={`side-swatch ${color}`} aria-hidden="true" />
      <span className="player-name">
        <span className="visually-hidden">{sideName(color)}: </span>
        {player ? <Name name={player.name} /> : <em>waiting for a player</em>}
        {isYou ? <span className="you-tag"> (you)</span> : null}
      </span>{' '}
      {/* A running clock says "running" itself. */}
      {toMove && !clock?.running ? <span className="turn-tag">to move</span> : null}{' '}
      <span className="captures" title={takenNames}>
        <span className="visually-hidden">({takenNames})</span>
        <span aria-hidden="true">
          {taken.map((type, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: captured pieces repeat (two pawns); the list never reorders.
            <span key={index} className={`piece mini ${opponentOf(color)} ${type}`}>
              {pieceGlyph({ color: opponentOf(color), type })}
            </span>
          ))}
        </span>
        {lead[color] > 0 ? <span className="lead">+{lead[color]}</span> : null}
      </span>
      {clock ? (
        <>
          {' '}
          <SideClock clock={clock} />
        </>
      ) : null}
      {firstMove ? <FirstMoveDeadline deadline={firstMove} /> : null}
      {moveBy ? <MoveByDeadline deadline={moveBy} /> : null}
    </div>
  );
}
