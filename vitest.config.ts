import { configDefaults, defineConfig } from 'vitest/config';

/** Suites beside the code that need a network port (a real server in this process on 127.0.0.1). */
const IN_PROCESS_SERVER_BESIDE_CODE = ['tui-client/app.test.tsx', 'tui-client/poller.test.ts'];

/**
 * Suites that run real processes: the compiled server, terminal client, bots and export script (dist/, built
 * once by test/support/build.ts), Chromium, tmux, Stockfish, the fake UCI engine, the curl and fetch bots of
 * docs/bots.md, redis-server (one, or a three-master cluster) and nginx.
 */
const END_TO_END = [
  'test/bots-clock.test.ts',
  'test/bots-e2e.test.ts',
  'test/bots-uci.test.ts',
  'test/clocks-e2e.test.ts',
  'test/docs-bots.test.ts',
  'test/durability.test.ts',
  'test/hostile-load.test.ts',
  'test/lichess-e2e.test.ts',
  'test/main.test.ts',
  'test/redis-cluster.contract.test.ts',
  'test/redis-commands-e2e.test.ts',
  'test/redis-store.contract.test.ts',
  'test/scale-out-e2e.test.ts',
  'test/scale-out-nginx.test.ts',
  'test/scale-out-stale-cache.test.ts',
  'test/sqlite-export.test.ts',
  'test/tui-clock-e2e.test.ts',
  'test/tui-e2e.test.ts',
  'test/tui-line-mode.test.ts',
  'test/tui-lobby-e2e.test.ts',
  'test/tui-terminal-e2e.test.ts',
  'test/web-clock-e2e.test.ts',
  'test/web-e2e.test.ts',
  'test/web-ux-e2e.test.ts',
  'test/writer-thread.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: end-to-end suites start servers, browsers and terminals, so keep parallelism modest.
    maxWorkers: 2,
    // The JSON report feeds .ci/run's closing `tests: N passed, N failed` line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // Every test file belongs to exactly one project: `npm test` runs them all, `npm run test:unit` (fast, no
    // port, no process), `test:integration` (the app through inject or a port in this process), `test:e2e`.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{server,shared,web-client,tui-client,bots}/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...IN_PROCESS_SERVER_BESIDE_CODE],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.{ts,tsx}', ...IN_PROCESS_SERVER_BESIDE_CODE],
          exclude: [...configDefaults.exclude, ...END_TO_END],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: END_TO_END,
          globalSetup: ['test/support/build.ts'],
        },
      },
    ],
  },
});
