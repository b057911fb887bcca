#!/usr/bin/env node
// The installed command `rookery-tui`: runs the compiled client (dist/, made by `npm run build`, which
// `npm install` runs too).
try {
  await import('../dist/tui-client/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/tui-client/cli.js')) {
    process.stderr.write(
      'rookery-tui: the client is not built yet: run `npm run build` (or `npm install`) in the Rookery folder.\n',
    );
    process.exit(1);
  }
  throw error;
}
