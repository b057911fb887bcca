/**
 * The compiled build (dist/, made by `npm run build`) that the end-to-end suites start as processes, as users do
 * with `npm start`, `npm run bot` and the like. test/support/build.ts builds it before those suites run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The compiled JavaScript of a source entry point: `compiled('server/main.ts')` is `<root>/dist/server/main.js`. */
export function compiled(source: string): string {
  return join(ROOT, 'dist', source.replace(/\.tsx?$/u, '.js'));
}
