/**
 * `npm run bot`: a reference bot. Joins a game (or quick pairing), follows it on the live feed, plays until it
 * ends, prints the result and exits 0. Exit 1 when it could not play (server refused, engine failed and the bot
 * resigned), 2 for a bad command line, 130 when stopped with Ctrl-C (after resigning or aborting).
 * With --lichess-api it is a lichess Bot API account instead (lichess-main.ts).
 */
import { ApiError, RookeryClient } from '../shared/api-client.js';
import type { JoinResult } from '../shared/api-schema.js';
import { describeTimeControl } from '../shared/time-control.js';
import { HELP, parseBotArgs } from './bot-args.js';
import { runLichessMode } from './lichess-main.js';
import { describeOutcome, playGame } from './play-game.js';
import { makePlayer } from './player-spec.js';
import type { Player } from './player.js';

async function main(): Promise<number> {
  const parsed = parseBotArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.code === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    process.stderr.write(`rookery-bot: ${parsed.message}\n\n${HELP}`);
    return 2;
  }
  const config = parsed.value;
  if (config.lichess) return runLichessMode(config, config.lichess);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const client = new RookeryClient({ baseUrl: config.server });

  let player: Player;
  try {
    player = await makePlayer(config.spec);
  } catch (error) {
    process.stderr.write(`rookery-bot: could not start the engine: ${(error as Error).message}\n`);
    return 1;
  }

  const stop = new AbortController();
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    stop.abort(new Error('interrupted'));
  });

  try {
    let seat: JoinResult;
    try {
      seat = config.gameId
        ? await client.join(config.gameId, config.name, config.color, stop.signal)
        : await client.quickJoin(config.name, stop.signal, config.timeControl);
    } catch (error) {
      process.stderr.write(`rookery-bot: could not join: ${(error as Error).message}\n`);
      return 1;
    }
    say(
      `joined game ${seat.gameId} as ${seat.color} (${player.label}, ${describeTimeControl(seat.game.timeControl)}); watch it at ${config.server}/games/${seat.gameId}`,
    );
    if (seat.game.status === 'waiting') say('waiting for an opponent…');
    const outcome = await playGame({
      client,
      seat,
      player,
      signal: stop.signal,
      ...(config.verbose ? { log: say } : {}),
    });
    if (interrupted) {
      const final = await leave(client, seat);
      say(`stopped: ${final ? describeOutcome(final, seat.color) : 'could not resign'}`);
      return 130;
    }
    say(`result: ${describeOutcome(outcome.state, seat.color)}`);
    if (outcome.failure) {
      process.stderr.write(`rookery-bot: resigned because the engine failed: ${outcome.failure}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    const detail = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
    process.stderr.write(`rookery-bot: ${detail}\n`);
    return 1;
  } finally {
    await player.close();
  }
}

/** After Ctrl-C: resign a started game, abort one that has not started. */
async function leave(client: RookeryClient, seat: JoinResult) {
  try {
    return await client.resign(seat.gameId, seat.token);
  } catch (error) {
    if (!(error instanceof ApiError)) return null;
    if (error.code === 'game_over') return client.state(seat.gameId).catch(() => null);
    if (error.code === 'game_not_started') return client.abort(seat.gameId, seat.token).catch(() => null);
    return null;
  }
}

// Exit at once: keep-alive sockets must not hold a finished bot for seconds (stdout to a pipe is synchronous).
process.exit(await main());
