/**
 * Imported first by cli.tsx, before Ink: Ink reads the `CI` variable once, when it loads, and in CI renders
 * nothing until the app exits. A player at a real terminal is interactive whatever the environment says (a CI
 * job driving the client in tmux, a shell where CI happens to be set), so when both ends are terminals we drop
 * the variables Ink checks. Pipes and scripts keep them: they get line mode, which Ink never draws.
 */
if (process.stdin.isTTY && process.stdout.isTTY) {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
}

export {};
