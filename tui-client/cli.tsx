/**
 * Entry point of the terminal client: parse flags, then either render <App/> (stdin is a terminal) or run line
 * mode (pipes, scripts). Everything else lives in the modules it imports.
 */
// First, before Ink loads: see interactive-terminal.ts.
import './interactive-terminal.js';
import { render } from 'ink';
import { RookeryClient } from '../shared/api-client.js';
import type { AppExit } from './app.js';
import { HELP, parseFlags } from './flags.js';
import { runLineMode } from './line-mode.js';
import { filteredStream } from './output-filter.js';
import { Root } from './root.js';
import { SeatStore, defaultSeatFile } from './seat-store.js';

const parsed = parseFlags(process.argv.slice(2), process.env);
if (!parsed.ok) {
  if (parsed.code === 'help') {
    process.stdout.write(HELP);
  } else {
    process.stderr.write(`rookery-tui: ${parsed.message}\n\nRun rookery-tui --help for the options.\n`);
    process.exitCode = 2;
  }
} else {
  const options = parsed.value;
  const client = new RookeryClient({ baseUrl: options.server });
  // Polls are not retried inside the client: the loop backs off itself and shows the network state meanwhile.
  const pollClient = new RookeryClient({ baseUrl: options.server, retries: 0, timeoutMs: 10_000 });
  const seats = new SeatStore(defaultSeatFile(process.env));
  // NO_COLOR and ASCII terminals: whatever any module writes is made to fit (output-filter.ts).
  const style = { ascii: options.ascii, colors: options.colors };
  const stdout = filteredStream(process.stdout, style);

  if (options.start.kind !== 'play' && !process.stdin.isTTY) {
    const flag = options.start.kind === 'lobby' ? '--lobby' : '--watch';
    process.stderr.write(`rookery-tui: ${flag} needs a terminal: it has no line mode.\n`);
    process.exitCode = 2;
  } else if (options.lineMode || !process.stdin.isTTY) {
    process.exitCode = await runLineMode(options, {
      client,
      pollClient,
      seats,
      input: process.stdin,
      output: stdout,
      errorOutput: filteredStream(process.stderr, style),
    });
    process.stdin.destroy();
  } else {
    const instance = render(
      <Root
        client={client}
        pollClient={pollClient}
        seats={seats}
        request={options}
        start={options.start}
        intervalMs={options.intervalMs}
        ascii={options.ascii}
        colors={options.colors}
      />,
      { patchConsole: true, stdout },
    );
    // After a resize the terminal may keep lines of the old frame that Ink no longer knows about (rewrapped or
    // scrolled ones: a stale title line above the new frame). Clear the screen and let Ink draw it all again.
    const redrawAll = () => {
      stdout.write('\u001b[2J\u001b[3J\u001b[H');
      instance.clear();
    };
    process.stdout.on('resize', redrawAll);
    try {
      const result = (await instance.waitUntilExit()) as AppExit | undefined;
      if (result?.gameId && result.finished) {
        seats.remove(options.server, result.gameId);
        stdout.write(`Game ${result.gameId} is over. Thanks for playing.\n`);
      } else if (result?.gameId) {
        stdout.write(
          `Your seat in game ${result.gameId} is saved. Start rookery-tui again (or add --game ${result.gameId}) to resume.\n`,
        );
      }
    } catch (error) {
      process.stderr.write(`rookery-tui: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}
