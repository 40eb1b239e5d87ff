// Fails when the JavaScript the page loads before any user action is over budget (gzipped).
// Initial = the entry scripts and modulepreloads of dist/index.html plus every chunk they import
// statically; dynamic import() chunks (WebLLM worker, runService, uPlot) are not counted.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const BUDGET_KB = 250;
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

const html = await readFile(join(dist, 'index.html'), 'utf8');
const refs = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((m) => resolve(dist, m[1].replace(/^\//, '')));

// Static imports in minified ES output: `import{a as b}from"./x.js"`, `import"./x.js"`,
// `export{…}from"./x.js"`. `import("./x.js")` has a parenthesis and is not matched.
const STATIC = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.js)["']/g;

const seen = new Map();
async function visit(file) {
  if (seen.has(file)) return;
  const code = await readFile(file);
  seen.set(file, gzipSync(code, { level: 9 }).length);
  for (const match of code.toString('utf8').matchAll(STATIC)) {
    if (match[1].startsWith('.')) await visit(resolve(dirname(file), match[1]));
  }
}
for (const ref of refs) await visit(ref);

const totalKb = [...seen.values()].reduce((a, b) => a + b, 0) / 1024;
for (const [file, bytes] of seen)
  console.log(`  ${file.slice(dist.length)}  ${(bytes / 1024).toFixed(1)} KB gzip`);
console.log(`initial_js_gzip_kb=${totalKb.toFixed(1)} (budget ${BUDGET_KB})`);
if (seen.size === 0) {
  console.error('No entry script found in dist/index.html — run vite build first.');
  process.exit(1);
}
if (totalKb > BUDGET_KB) {
  console.error(`Initial JavaScript is over budget by ${(totalKb - BUDGET_KB).toFixed(1)} KB.`);
  process.exit(1);
}
