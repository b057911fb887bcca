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

/** The keys on offer for this state and overlay, most important first. */
export function keyHints(game: GameState, seat: Seat, overlay: Overlay, hasInput: boolean): KeyHint[] {
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
    hints.push({ key: 's', label: 'resign' });
  }
  hints.push({ key: 'v', label: 'flip' }, { key: '?', label: 'help' }, { key: 'q', label: 'quit' });
  return hints;
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
