// npm test needs Debian's Chromium for the end-to-end tests; say how to get it instead of failing cryptically.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`
Chromium was not found at ${path}. The end-to-end tests drive Debian's Chromium (no browser is downloaded).
Install it with:

    sudo apt-get update && sudo apt-get install -y chromium

or point CHROMIUM_PATH at an existing Chromium/Chrome binary, then run npm test again.
`);
  process.exit(1);
}
