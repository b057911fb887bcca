// Part of `npm run build`, after tsc: the compiled terminal client (dist/tui-client/cli.js and everything it
// imports, React, Ink and chess.js included) bundled into one file, dist/tui-client/rookery-tui.js, which
// tui-client/bin.js runs. Why (docs/tui.md, "Start-up time and memory"):
// - Node resolves, reads and links one module instead of several hundred, which was most of the start-up;
// - `process.env.NODE_ENV` is defined as "production" at build time, so React and its reconciler both take
//   their production builds, and take the same one. (Setting NODE_ENV at run time, after React had loaded but
//   before the reconciler did, paired a development React with a production reconciler: Ink then drew nothing,
//   without an error. A bundle cannot mix them.)
// The unbundled dist/tui-client/cli.js stays, for the tests and anyone who imports the modules.
import { build } from 'esbuild';

/** Ink imports react-devtools-core only when DEV=true, a development aid this client does not ship. */
const withoutDevtools = {
  name: 'without-react-devtools',
  setup(plugin) {
    plugin.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    plugin.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
    }));
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
  plugins: [withoutDevtools],
  legalComments: 'none',
  // Half the bytes to read and parse; the source map (node --enable-source-maps) gives readable stacks back.
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
