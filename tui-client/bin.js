#!/usr/bin/env node
// The installed command `rookery-tui`: registers tsx so Node can load the TypeScript sources, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./cli.tsx');
