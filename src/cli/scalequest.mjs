#!/usr/bin/env node
// Launcher for the headless command line: the CLI shares its TypeScript with the studio,
// so it is loaded through tsx instead of a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
