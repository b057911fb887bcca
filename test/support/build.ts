/**
 * Vitest globalSetup (of the end-to-end suites): build dist/ once (`npm run build`, incremental) before any suite
 * starts the compiled server, terminal client or bots, so that they never run a stale build. Fails the run when
 * the build fails, with the compiler's output.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from './compiled.js';

export default function buildOnce(): void {
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.error) throw new Error(`could not run \`npm run build\`: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim();
    const exit = result.status ?? result.signal;
    throw new Error(
      `\`npm run build\` failed (exit ${exit}): the end-to-end suites run the compiled build in dist/.\n${output}`,
    );
  }
  if (process.env['DEBUG_BUILD']) console.log(`npm run build: ${Date.now() - started} ms`);
}
