// Part of `npm run build`, after tsc: the compiled terminal client (dist/tui-client/cli.js and everything it
// imports, React, Ink and chess.js included) bundled into one file, dist/tui-client/rookery-tui.js, which
// tui-client/bin.js runs. Why (docs/tui.md, "Start-up time and memory"):
// - Node resolves, reads and links one module instead of several hundred, which was most of the start-up;
// - `process.env.NODE_ENV` is defined as "production" at build time, so React and its reconciler both take
//   their production builds, and take the same one. (Setting NODE_ENV at run time, after React had loaded but
//   before the reconciler did, paired a development React with a production reconciler: Ink then drew nothing,
//   without an error. A bundle cannot mix them.)
// The unbundled dist/tui-client/cli.js stays, for the tests and anyone who imports the modules.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * Ink connects to React DevTools only when DEV=true (its devtools.js, which imports react-devtools-core and ws): a
 * development aid this client does not ship. The module is replaced by an empty one.
 */
const withoutDevtools = {
  name: 'without-react-devtools',
  setup(plugin) {
    plugin.onResolve({ filter: /^[.][/]devtools[.]js$/ }, (args) =>
      /[/]ink[/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'stub' } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};' }));
  },
};

/**
 * The live feed's reader (and ws under it) stays out of the bundle: the client only polls, and api-client.ts
 * imports the reader lazily, on the first watch() that opens a feed. Left external, that import loads the compiled
 * dist/shared/feed-reader.js if it is ever made; in the bundle it would be 50 KB to read at every start.
 */
const feedReaderOutside = {
  name: 'feed-reader-outside',
  setup(plugin) {
    plugin.onResolve({ filter: /[/]feed-reader[.]js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: '../shared/feed-reader.js', external: true } : undefined,
    );
  },
};

/**
 * Yoga (Ink's layout engine) carries its WebAssembly as a base64 data: URL and, where a global `fetch` exists,
 * loads it with fetch(), which in Node loads undici and its streams before the first frame: about 45 ms of CPU of a
 * start-up of 300. Its own synchronous path (decode the base64, WebAssembly.instantiate) does the same without
 * them; this plugin makes the loader take it, by reading `typeof fetch` as absent in that one file. If a Yoga
 * release words it differently the file is left as it is (a warning says so): slower, never broken.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(plugin) {
    plugin.onLoad({ filter: /yoga-layout[/]dist[/]binaries[/]yoga-wasm-base64-esm[.]js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replaceAll('"function"!=typeof fetch', 'true');
      if (patched === source) {
        return {
          contents: source,
          warnings: [{ text: 'yoga-layout: no fetch test found; the WebAssembly loads by fetch' }],
        };
      }
      return { contents: patched, loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['dist/tui-client/cli.js'],
  outfile: 'dist/tui-client/rookery-tui.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies (React, ws) call require() for Node's own modules: give the ES module bundle one.
  banner: {
    js: "import { createRequire as rookeryCreateRequire } from 'node:module'; const require = rookeryCreateRequire(import.meta.url);",
  },
  plugins: [withoutDevtools, feedReaderOutside, yogaWithoutFetch],
  legalComments: 'none',
  // Half the bytes to read and parse; the source map (node --enable-source-maps) gives readable stacks back.
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
