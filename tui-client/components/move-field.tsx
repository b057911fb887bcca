/**
 * The move field with, below it, the last notice (the server's reason for a refused move) and either a
 * "did you mean …" or the legal moves that complete what is typed. Display only: the App's one key handler edits
 * the text through the reducer, so no key is lost between renders. In small terminals the field keeps one or two
 * lines (layout.ts); with one, the notice takes the status line's place (game-screen.tsx).
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
  /** 3: field, notice, hint; 2: field, then the notice or else the hint; 1: the field alone. */
  lines?: 1 | 2 | 3;
}

const MAX_COMPLETIONS = 8;
const PLACEHOLDER = 'e.g. e4, Nf3, O-O, e2e4 (arrows: cursor)';

/** The line under the notice: what Tab offers, or why nothing is offered. */
export function fieldHint(value: string, canMove: boolean, completions: string[]): string {
  const typed = value.trim();
  if (typed === '') return ' ';
  // A lone q is how quitting is typed; it is also how a queen move may begin (qh4): Enter decides.
  if (typed.toLowerCase() === 'q') return 'Enter quits (your seat is kept), or go on typing a queen move.';
  if (!canMove) return 'Not your move yet: Enter sends it anyway, the server will say.';
  if (completions.length === 0) return 'No legal move starts like that.';
  const more = completions.length - MAX_COMPLETIONS;
  return `Tab: ${completions.slice(0, MAX_COMPLETIONS).join(' ')}${more > 0 ? ` (+${more})` : ''}`;
}

/** The notice as one line of text, e.g. `✗ "e5" is not a legal move…`. */
export function noticeText(notice: Notice): string {
  return `${notice.tone === 'error' ? '✗' : '✓'} ${notice.text}`;
}

export function MoveField({ value, selected = false, focus, completions, canMove, notice, lines = 3 }: MoveFieldProps) {
  const hint = fieldHint(value, canMove, completions);
  const suggestion = notice?.suggestion ? `? Did you mean ${notice.suggestion}? Tab puts it in the field.` : null;
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
      {lines === 3 ? (
        <>
          <Text wrap="truncate-end" color={notice?.tone === 'error' ? 'red' : 'cyan'}>
            {notice ? noticeText(notice) : ' '}
          </Text>
          {suggestion ? (
            <Text color="yellow" wrap="truncate-end">
              {suggestion}
            </Text>
          ) : (
            <Text dimColor wrap="truncate-end">
              {hint}
            </Text>
          )}
        </>
      ) : lines === 2 ? (
        notice ? (
          <Text wrap="truncate-end" color={notice.tone === 'error' ? 'red' : 'cyan'}>
            {noticeText(notice)}
            {notice.suggestion ? ` Tab: ${notice.suggestion}?` : ''}
          </Text>
        ) : (
          <Text dimColor wrap="truncate-end">
            {hint}
          </Text>
        )
      ) : null}
    </Box>
  );
}
