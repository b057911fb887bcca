/**
 * One side's clock on screen, counting down locally between polls: the figure, in brackets and inverse while it
 * runs, with LOW before it (and in red) under 10 s. The characters are those of `clockFaceText`, so no mark rests
 * on colour alone (NO_COLOR, --ascii, a screen capture).
 */
import { Text } from 'ink';
import type { Clock } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';
import { clockFace, clockFaceParts } from '../clock-text.js';
import { useLocalClock } from '../use-local-clock.js';

export interface ClockViewProps {
  clock: Clock;
  /** When the answer carrying `clock` arrived (ms since the epoch). */
  receivedAt: number;
  color: Color;
  /** The game is over: nothing is low any more, nothing runs. */
  finished: boolean;
  now: () => number;
}

export function ClockView({ clock, receivedAt, color, finished, now }: ClockViewProps) {
  const shown = useLocalClock(clock, receivedAt, now) ?? clock;
  const face = clockFace(shown, color, finished);
  const { tag, open, figure, close } = clockFaceParts(face);
  return (
    <Text>
      {tag ? (
        <Text color="red" bold>
          {tag}
        </Text>
      ) : null}
      {open}
      <Text inverse={face.running} bold={face.running} color={face.low ? 'red' : undefined}>
        {figure}
      </Text>
      {close}
    </Text>
  );
}
