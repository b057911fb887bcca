/** The game-over banner: result, reason, and what it means for this player. */
import { Box, Text } from 'ink';
import type { GameState } from '../../shared/api-schema.js';
import type { Color } from '../../shared/vocabulary.js';
import { gameOverScore, gameOverTitle, personalResult } from '../describe.js';

export function GameOverBanner({ game, color }: { game: GameState; color: Color }) {
  return (
    <Box borderStyle="double" borderColor="magenta" paddingX={1} flexShrink={0}>
      <Text wrap="truncate-end">
        <Text bold>GAME OVER {gameOverScore(game)}</Text>
        {'  '}
        {gameOverTitle(game)}. <Text bold>{personalResult(game, color)}</Text>
      </Text>
    </Box>
  );
}
