/** The keys that work right now, in one line. */
import { Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import type { DrawAction } from '../../shared/vocabulary.js';
import { drawActionFor } from '../actions.js';
import type { Seat } from '../session.js';
import type { Overlay } from '../ui-state.js';

export interface KeyHint {
  key: string;
  label: string;
}

const DRAW_LABELS: Record<DrawAction, string> = {
  offer: 'offer draw',
  accept: 'accept draw',
  decline: 'decline',
  claim: 'claim draw',
  withdraw: 'withdraw offer',
};

/** The keys on offer for this state and overlay, most important first (`lobby`: `l` opens the lobby after the game). */
export function keyHints(game: GameState, seat: Seat, overlay: Overlay, hasInput: boolean, lobby = false): KeyHint[] {
  if (overlay === 'help')
    return [
      { key: 'Esc/?', label: 'close help' },
      { key: 'q', label: 'quit' },
    ];
  if (overlay === 'confirm-resign')
    return [
      { key: 'y', label: 'resign' },
      { key: 'n/Esc', label: 'keep playing' },
    ];
  if (overlay === 'confirm-abort')
    return [
      { key: 'y', label: 'abort' },
      { key: 'n/Esc', label: 'keep the game' },
    ];
  if (overlay === 'promotion')
    return [
      { key: 'q/r/b/n', label: 'promote' },
      { key: 'Esc', label: 'cancel' },
    ];
  if (hasInput)
    return [
      { key: 'Enter', label: 'send' },
      { key: 'Tab', label: 'complete' },
      { key: 'Esc', label: 'clear' },
    ];
  const hints: KeyHint[] = [];
  if (game.status !== 'finished') {
    const draw = drawActionFor(game, seat);
    if (draw) hints.push({ key: '=', label: DRAW_LABELS[draw] });
    if (game.status === 'active' && game.drawOffer && game.drawOffer !== seat.color)
      hints.push({ key: '-', label: 'decline' });
    if (game.canAbort) hints.push({ key: 'x', label: 'abort' });
    if (game.status === 'active') hints.push({ key: 's', label: 'resign' });
    hints.push({ key: 'q Enter', label: 'quit' });
  } else {
    if (canRematch(game)) hints.push({ key: 'r', label: game.rematch ? 'play the rematch' : 'rematch' });
    if (lobby) hints.push({ key: 'l', label: 'lobby' });
    hints.push({ key: 'p', label: 'save PGN' }, { key: 'q', label: 'quit' });
  }
  // Least needed last: a narrow terminal cuts the line from the end.
  hints.push({ key: 'v', label: 'flip' }, { key: '?', label: 'help' }, { key: '[ ]', label: 'back' });
  return hints;
}

/** A rematch needs an opponent: not after a game aborted before anyone sat opposite. */
export function canRematch(game: GameState): boolean {
  return game.status === 'finished' && game.players.white !== null && game.players.black !== null;
}

export function ActionBar({ hints, compact }: { hints: KeyHint[]; compact: boolean }) {
  return (
    <Text wrap="truncate-end">
      {hints.map((hint, index) => (
        <Text key={hint.key}>
          {index > 0 ? (compact ? ' ' : '  ') : ''}
          <Text inverse bold>
            {` ${hint.key} `}
          </Text>
          <Text dimColor>{` ${compact ? hint.label.split(' ')[0] : hint.label}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
