#!/usr/bin/env node
// The installed command `rookery-tui`: runs the compiled client, bundled into one file by `npm run build`
// (tools/bundle-tui.mjs; `npm install` builds too). One file starts several times faster than the few hundred
// modules of dist/tui-client/cli.js, and carries React's production build.
// DEV=true makes Ink connect to React DevTools and read its own package.json, neither of which the bundle carries.
delete process.env.DEV;
try {
  await import('../dist/tui-client/rookery-tui.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/tui-client/rookery-tui.js')) {
    process.stderr.write(
      'rookery-tui: the client is not built yet: run `npm run build` (or `npm install`) in the Rookery folder.\n',
    );
    process.exit(1);
  }
  throw error;
}
