/**
 * `npm run bot -- --lichess-api …`: run the lichess-API bot (lichess-bot.ts) from the command line's settings until
 * Ctrl-C. Exit 1 when the account cannot be used (refused token, not a bot, server unreachable), 130 when stopped
 * with Ctrl-C (once: after the games in progress ended; twice: after resigning them).
 */
import type { BotConfig } from './bot-args.js';
import { LichessBot } from './lichess-bot.js';
import { LichessClient } from './lichess-client.js';
import { makePlayer } from './player-spec.js';

export async function runLichessMode(config: BotConfig, lichess: NonNullable<BotConfig['lichess']>): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // Start (and close) one player first, so that a wrong engine path fails now rather than in the first game.
  try {
    await (await makePlayer(config.spec)).close();
  } catch (error) {
    process.stderr.write(`rookery-bot: could not start the engine: ${(error as Error).message}\n`);
    return 1;
  }
  const bot = new LichessBot({
    client: new LichessClient({ baseUrl: config.server, token: lichess.token }),
    makePlayer: () => makePlayer(config.spec),
    maxGames: lichess.maxGames,
    log: say,
    verbose: config.verbose,
  });
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts === 1) bot.stop();
    else void bot.forceStop();
  });
  try {
    await bot.run();
  } catch (error) {
    process.stderr.write(`rookery-bot: ${(error as Error).message}\n`);
    return 1;
  }
  say(`stopped after ${bot.results.length} game(s)`);
  return 130;
}
