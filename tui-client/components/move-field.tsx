/**
 * The move field with, below it, the last notice (the server's reason for a refused move) and either a
 * "did you mean …" or the legal moves that complete what is typed. Display only: the App's one key handler edits
 * the text through the reducer, so no key is lost between renders.
 */
import { Box, Text } from 'ink';
import type { Notice } from '../actions.js';

export interface MoveFieldProps {
  value: string;
  /** A refused move: shown selected, the next key replaces it. */
  selected?: boolean;
  /** Does the field take keys? Not while a panel covers it or a request is in flight (no cursor then). */
  focus: boolean;
  completions: string[];
  /** Is it our move? Completions only make sense then. */
  canMove: boolean;
  notice: Notice | null;
}

const MAX_COMPLETIONS = 8;
const PLACEHOLDER = 'e.g. e4, Nf3, O-O, e2e4';

export function MoveField({ value, selected = false, focus, completions, canMove, notice }: MoveFieldProps) {
  const more = completions.length - MAX_COMPLETIONS;
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text wrap="truncate-end">
        <Text bold>Move › </Text>
        {selected ? <Text inverse>{value}</Text> : value}
        {focus ? <Text inverse> </Text> : null}
        {value === '' ? (
          <Text dimColor>
            {focus ? '' : ' '}
            {PLACEHOLDER}
          </Text>
        ) : null}
      </Text>
      <Text wrap="truncate-end" color={notice?.tone === 'error' ? 'red' : 'cyan'}>
        {notice ? `${notice.tone === 'error' ? '✗' : '✓'} ${notice.text}` : ' '}
      </Text>
      {notice?.suggestion ? (
        <Text color="yellow" wrap="truncate-end">
          ? Did you mean {notice.suggestion}? Tab puts it in the field.
        </Text>
      ) : (
        <Text dimColor wrap="truncate-end">
          {value.trim() === ''
            ? ' '
            : !canMove
              ? 'Not your move yet: Enter sends it anyway, the server will say.'
              : completions.length === 0
                ? 'No legal move starts like that.'
                : `Tab: ${completions.slice(0, MAX_COMPLETIONS).join(' ')}${more > 0 ? ` (+${more})` : ''}`}
        </Text>
      )}
    </Box>
  );
}
