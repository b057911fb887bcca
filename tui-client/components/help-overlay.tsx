/** The `?` panel: keys, move notation, and what the client does with the server. */
import { Box, Text } from 'ink';

const KEYS: [string, string][] = [
  ['Enter', 'send the move in the field; with the field empty, pick up / put down at the cursor'],
  ['arrows', 'move the cursor on the board (legal targets are marked)'],
  ['Tab', 'complete the move from the legal moves (again: next one)'],
  ['Esc', 'clear the field, drop the picked-up piece, close this panel'],
  ['=', 'offer a draw, accept an offer, or claim a draw'],
  ['-', "decline the opponent's draw offer"],
  ['s / x', 'resign / abort a game not yet begun (both ask first)'],
  ['[ ]', 'step back / forward through the game; v flips the board'],
  ['r / p', 'after the game: rematch / save the PGN in this folder'],
  ['q Enter', 'quit: your seat is saved, start again to resume (Ctrl-C too)'],
];

/** `maxLines`: the lines the panel may take; the keys that do not fit are left out (the frame never grows). */
export function HelpOverlay({ compact, maxLines = 15 }: { compact: boolean; maxLines?: number }) {
  const keys = KEYS.slice(0, Math.max(1, maxLines - (compact ? 4 : 5)));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">
        Help — keys work while the move field is empty
      </Text>
      {keys.map(([key, text]) => (
        <Text key={key} wrap="truncate-end">
          <Text bold color="cyan">
            {key.padEnd(8)}
          </Text>
          {text}
        </Text>
      ))}
      <Text wrap="truncate-end">Moves: e4 Nf3 exd5 O-O 0-0 e8=Q, or squares: e2e4 e2 e4 e2-e4.</Text>
      {compact ? null : (
        <Text wrap="truncate-end" dimColor>
          A lone q and Enter quits, so typing qh4 is a queen move. Moves arrive by polling.
        </Text>
      )}
    </Box>
  );
}
