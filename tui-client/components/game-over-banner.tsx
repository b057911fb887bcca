/**
 * The game-over banner: result, reason and what it means for this player. A game lost (or drawn) on time gets the
 * flag banner: `⚑ FLAG` before it and a red frame, so a flag is told apart from any other ending without colour.
 */
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import type { Color } from '../../shared/vocabulary.js';
import { gameOverScore, gameOverTitle, personalResult } from '../describe.js';

/**
 * `framed`: in a double frame (3 lines); without, one line for small terminals. `color` null: a spectator, told
 * the result without "You won".
 */
export function GameOverBanner({
  game,
  color,
  framed = true,
}: {
  game: GameState;
  color: Color | null;
  framed?: boolean;
}) {
  const flag = game.termination === 'timeout';
  // "Draw — time ran out with no mating material left" says it all; a trailing "Draw." would not fit in 80 columns.
  const personal = color === null || (flag && game.result === '1/2-1/2') ? '' : personalResult(game, color);
  const text = (
    <Text wrap="truncate-end">
      {flag ? (
        <Text bold color="red">
          ⚑ FLAG{'  '}
        </Text>
      ) : null}
      <Text bold>GAME OVER {gameOverScore(game)}</Text>
      {'  '}
      {gameOverTitle(game)}.{personal ? ' ' : ''}
      <Text bold>{personal}</Text>
    </Text>
  );
  if (!framed) return text;
  return (
    <Box borderStyle="double" borderColor={flag ? 'red' : 'magenta'} paddingX={1} flexShrink={0}>
      {text}
    </Box>
  );
}
