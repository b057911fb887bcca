/** The `?` panel: keys, move notation, and what the client does with the server. */
import { Box, Text } from 'ink';

const KEYS: [string, string][] = [
  ['Enter', 'send the move in the field'],
  ['Tab', 'complete the move from the legal moves (again: next one)'],
  ['Esc', 'clear the field / close this panel'],
  ['=', 'offer a draw, accept an offer, or claim a draw'],
  ['-', "decline the opponent's draw offer"],
  ['s', 'resign (asks first)'],
  ['v', 'flip the board'],
  ['q', 'quit: your seat is saved, start again to resume'],
];

export function HelpOverlay({ compact }: { compact: boolean }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} flexShrink={0}>
      <Text bold>Help — keys work while the move field is empty</Text>
      {KEYS.map(([key, text]) => (
        <Text key={key} wrap="truncate-end">
          <Text bold color="cyan">
            {key.padEnd(6)}
          </Text>
          {text}
        </Text>
      ))}
      <Text wrap="truncate-end">Moves: e4 Nf3 exd5 O-O 0-0 e8=Q, or squares: e2e4 e2 e4 e2-e4.</Text>
      {compact ? null : (
        <Text wrap="truncate-end" dimColor>
          Queen moves need a capital Q (q quits). The opponent's moves arrive by polling.
        </Text>
      )}
    </Box>
  );
}
