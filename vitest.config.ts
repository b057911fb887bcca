import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,shared,web-client,tui-client,bots,test}/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: end-to-end suites start servers, browsers and terminals, so keep parallelism modest.
    maxWorkers: 2,
    // The JSON report feeds .ci/run's closing `tests: N passed, N failed` line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // Suites that start the server, terminal client or bots as processes run the compiled build: build it first.
    globalSetup: ['test/support/build.ts'],
  },
});
